-- One department and one certification: a needle in the haystack.
SELECT count(*) AS pathways, avg(jury_date - application_date) AS mean_days,
       count(*) FILTER (WHERE outcome = 'TOTAL') AS total
FROM pathways
WHERE department = '69' AND certification_code = 'RNCP34168'
