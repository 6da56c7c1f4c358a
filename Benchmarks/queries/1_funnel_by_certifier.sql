-- Stage funnel by certifier: how many pathways reach each stage.
SELECT certifier,
       count(*) AS applications,
       count(*) FILTER (WHERE admissibility_date IS NOT NULL) AS decided,
       count(*) FILTER (WHERE admissible) AS admissible,
       count(*) FILTER (WHERE support_start_date IS NOT NULL) AS supported,
       count(*) FILTER (WHERE portfolio_date IS NOT NULL) AS portfolios,
       count(*) FILTER (WHERE jury_date IS NOT NULL) AS juries,
       count(*) FILTER (WHERE outcome = 'TOTAL') AS total_validations
FROM pathways
GROUP BY certifier
ORDER BY certifier
