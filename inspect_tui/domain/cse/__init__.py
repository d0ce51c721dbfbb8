"""CSE tracking: the records (:mod:`.models`), the IICSA rule (:mod:`.rules`) and the
review-list checks (:mod:`.checks`). Pure, no I/O."""
