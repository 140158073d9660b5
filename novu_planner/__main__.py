from novu_planner.launch import main

main()
