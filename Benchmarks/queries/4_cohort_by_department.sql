-- The 2019 admissibility cohort: share reaching a jury within 365 and 730 days, by department.
SELECT department, count(*) AS admitted,
       count(*) FILTER (WHERE jury_date - admissibility_date <= 365) AS jury_within_365,
       count(*) FILTER (WHERE jury_date - admissibility_date <= 730) AS jury_within_730
FROM pathways
WHERE admissible AND admissibility_date >= DATE '2019-01-01' AND admissibility_date < DATE '2020-01-01'
GROUP BY department
ORDER BY department NULLS LAST
