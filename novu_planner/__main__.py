from novu_planner.cli import main

main()
