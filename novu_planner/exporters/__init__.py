"""Writers of the plan's files. Each returns bytes; plan_folder writes them."""
