The council published its plan for the cold months on Monday.
It covers three areas:
Roads
Shelters
Buses
Gritting starts when the forecast drops below two degrees.
