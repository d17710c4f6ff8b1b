module example.com/app

go 1.26

tool github.com/ssegen/ssegen/cmd/ssegen
