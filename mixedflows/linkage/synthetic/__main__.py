from mixedflows.linkage.synthetic import main

main()
