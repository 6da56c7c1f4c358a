-- Outcome shares by level and jury year.
SELECT level, year(jury_date) AS jury_year, count(*) AS juries,
       count(*) FILTER (WHERE outcome = 'TOTAL') AS total,
       count(*) FILTER (WHERE outcome = 'PARTIAL') AS partial,
       count(*) FILTER (WHERE outcome = 'NONE') AS none
FROM pathways
WHERE jury_date IS NOT NULL
GROUP BY level, jury_year
ORDER BY level NULLS LAST, jury_year
