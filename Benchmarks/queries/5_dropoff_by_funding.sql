-- Drop-off after admissibility, by funding and employment status.
SELECT funding, employment_status, count(*) AS admitted,
       count(*) FILTER (WHERE portfolio_date IS NULL) AS no_portfolio,
       count(*) FILTER (WHERE jury_date IS NULL) AS no_jury
FROM pathways
WHERE admissible
GROUP BY funding, employment_status
ORDER BY funding NULLS LAST, employment_status NULLS LAST
