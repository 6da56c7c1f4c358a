// Query: the SQL engine analysts and the indicator set use — hand-written parser, binder and
// planner, vectorised operators over Storage's scans (DESIGN.md, "Query"). It is v1 step 4 and
// has no code yet; the target exists so the module boundaries (Storage <- Query, never Ingest)
// are fixed from the start.
