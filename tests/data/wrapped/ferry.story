The island ferry moves to its winter timetable next week.
Mornings
The first boat leaves at eight.
Evenings
The last boat leaves at six.
It used to leave at nine.
Fares
Fares stay the same.
Cyclists
Bikes travel free.
