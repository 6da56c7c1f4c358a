-- Exact quartiles of the days from application to jury, by certifier.
SELECT certifier,
       quantile_cont(jury_date - application_date, 0.25) AS q1,
       median(jury_date - application_date) AS median,
       quantile_cont(jury_date - application_date, 0.75) AS q3
FROM pathways
WHERE jury_date IS NOT NULL
GROUP BY certifier
ORDER BY certifier
