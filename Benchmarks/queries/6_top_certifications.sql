-- The 20 certifications with the most juries, with their total-validation rate.
SELECT certification_code, count(*) AS juries,
       count(*) FILTER (WHERE outcome = 'TOTAL') AS total,
       round(1.0 * count(*) FILTER (WHERE outcome = 'TOTAL') / count(*), 4) AS total_rate
FROM pathways
WHERE jury_date IS NOT NULL
GROUP BY certification_code
ORDER BY juries DESC, certification_code
LIMIT 20
