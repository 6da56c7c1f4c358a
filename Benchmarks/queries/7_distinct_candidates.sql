-- Distinct candidates by region and application year.
SELECT region, year(application_date) AS application_year, count(DISTINCT candidate_id) AS candidates
FROM pathways
GROUP BY region, application_year
ORDER BY region NULLS LAST, application_year
