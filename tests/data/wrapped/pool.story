The roof leaked.
Engineers found rust in two beams.
What changed
New beams went in over six weeks.
The council paid for the work.
Hours
Lanes open at seven.
