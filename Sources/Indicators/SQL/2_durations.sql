-- Durations between stages for the juries sat in year $year: first quartile, median and third
-- quartile, in days and in months (days / 30.4375), over the pathways with both dates (n).
-- Top 20 certifications: the 20 with the most jury sittings in the year (ties by code).
--
-- indicator q1_application_to_admissibility_days = q1_application_to_admissibility_days (days, n = n_application_to_admissibility) | en: Application → admissibility, first quartile (days) | fr: Demande → recevabilité, premier quartile (jours)
-- indicator q1_application_to_admissibility_months = q1_application_to_admissibility_months (months, n = n_application_to_admissibility) | en: Application → admissibility, first quartile (months) | fr: Demande → recevabilité, premier quartile (mois)
-- indicator median_application_to_admissibility_days = median_application_to_admissibility_days (days, n = n_application_to_admissibility) | en: Application → admissibility, median (days) | fr: Demande → recevabilité, médiane (jours)
-- indicator median_application_to_admissibility_months = median_application_to_admissibility_months (months, n = n_application_to_admissibility) | en: Application → admissibility, median (months) | fr: Demande → recevabilité, médiane (mois)
-- indicator q3_application_to_admissibility_days = q3_application_to_admissibility_days (days, n = n_application_to_admissibility) | en: Application → admissibility, third quartile (days) | fr: Demande → recevabilité, troisième quartile (jours)
-- indicator q3_application_to_admissibility_months = q3_application_to_admissibility_months (months, n = n_application_to_admissibility) | en: Application → admissibility, third quartile (months) | fr: Demande → recevabilité, troisième quartile (mois)
-- indicator n_application_to_admissibility = n_application_to_admissibility (count) | en: Application → admissibility: pathways measured | fr: Demande → recevabilité : parcours mesurés
-- indicator q1_admissibility_to_portfolio_days = q1_admissibility_to_portfolio_days (days, n = n_admissibility_to_portfolio) | en: Admissibility → portfolio, first quartile (days) | fr: Recevabilité → dossier de validation, premier quartile (jours)
-- indicator q1_admissibility_to_portfolio_months = q1_admissibility_to_portfolio_months (months, n = n_admissibility_to_portfolio) | en: Admissibility → portfolio, first quartile (months) | fr: Recevabilité → dossier de validation, premier quartile (mois)
-- indicator median_admissibility_to_portfolio_days = median_admissibility_to_portfolio_days (days, n = n_admissibility_to_portfolio) | en: Admissibility → portfolio, median (days) | fr: Recevabilité → dossier de validation, médiane (jours)
-- indicator median_admissibility_to_portfolio_months = median_admissibility_to_portfolio_months (months, n = n_admissibility_to_portfolio) | en: Admissibility → portfolio, median (months) | fr: Recevabilité → dossier de validation, médiane (mois)
-- indicator q3_admissibility_to_portfolio_days = q3_admissibility_to_portfolio_days (days, n = n_admissibility_to_portfolio) | en: Admissibility → portfolio, third quartile (days) | fr: Recevabilité → dossier de validation, troisième quartile (jours)
-- indicator q3_admissibility_to_portfolio_months = q3_admissibility_to_portfolio_months (months, n = n_admissibility_to_portfolio) | en: Admissibility → portfolio, third quartile (months) | fr: Recevabilité → dossier de validation, troisième quartile (mois)
-- indicator n_admissibility_to_portfolio = n_admissibility_to_portfolio (count) | en: Admissibility → portfolio: pathways measured | fr: Recevabilité → dossier de validation : parcours mesurés
-- indicator q1_admissibility_to_jury_days = q1_admissibility_to_jury_days (days, n = n_admissibility_to_jury) | en: Admissibility → jury, first quartile (days) | fr: Recevabilité → jury, premier quartile (jours)
-- indicator q1_admissibility_to_jury_months = q1_admissibility_to_jury_months (months, n = n_admissibility_to_jury) | en: Admissibility → jury, first quartile (months) | fr: Recevabilité → jury, premier quartile (mois)
-- indicator median_admissibility_to_jury_days = median_admissibility_to_jury_days (days, n = n_admissibility_to_jury) | en: Admissibility → jury, median (days) | fr: Recevabilité → jury, médiane (jours)
-- indicator median_admissibility_to_jury_months = median_admissibility_to_jury_months (months, n = n_admissibility_to_jury) | en: Admissibility → jury, median (months) | fr: Recevabilité → jury, médiane (mois)
-- indicator q3_admissibility_to_jury_days = q3_admissibility_to_jury_days (days, n = n_admissibility_to_jury) | en: Admissibility → jury, third quartile (days) | fr: Recevabilité → jury, troisième quartile (jours)
-- indicator q3_admissibility_to_jury_months = q3_admissibility_to_jury_months (months, n = n_admissibility_to_jury) | en: Admissibility → jury, third quartile (months) | fr: Recevabilité → jury, troisième quartile (mois)
-- indicator n_admissibility_to_jury = n_admissibility_to_jury (count) | en: Admissibility → jury: pathways measured | fr: Recevabilité → jury : parcours mesurés
-- indicator q1_application_to_jury_days = q1_application_to_jury_days (days, n = n_application_to_jury) | en: Application → jury, first quartile (days) | fr: Demande → jury, premier quartile (jours)
-- indicator q1_application_to_jury_months = q1_application_to_jury_months (months, n = n_application_to_jury) | en: Application → jury, first quartile (months) | fr: Demande → jury, premier quartile (mois)
-- indicator median_application_to_jury_days = median_application_to_jury_days (days, n = n_application_to_jury) | en: Application → jury, median (days) | fr: Demande → jury, médiane (jours)
-- indicator median_application_to_jury_months = median_application_to_jury_months (months, n = n_application_to_jury) | en: Application → jury, median (months) | fr: Demande → jury, médiane (mois)
-- indicator q3_application_to_jury_days = q3_application_to_jury_days (days, n = n_application_to_jury) | en: Application → jury, third quartile (days) | fr: Demande → jury, troisième quartile (jours)
-- indicator q3_application_to_jury_months = q3_application_to_jury_months (months, n = n_application_to_jury) | en: Application → jury, third quartile (months) | fr: Demande → jury, troisième quartile (mois)
-- indicator n_application_to_jury = n_application_to_jury (count) | en: Application → jury: pathways measured | fr: Demande → jury : parcours mesurés
WITH pathway AS (
    SELECT certifier, coalesce(certification_code, 'unknown') AS certification_code,
           coalesce(CAST(level AS VARCHAR), 'none') AS level,
           coalesce(sex, 'unknown') AS sex,
           CASE WHEN birth_year IS NULL OR application_date IS NULL THEN 'unknown'
                WHEN year(application_date) - birth_year < 30 THEN '<30'
                WHEN year(application_date) - birth_year < 40 THEN '30-39'
                WHEN year(application_date) - birth_year < 50 THEN '40-49'
                ELSE '50+' END AS age_band,
           coalesce(employment_status, 'unknown') AS employment_status,
           coalesce(funding, 'unknown') AS funding,
           CASE WHEN support_start_date IS NULL THEN 'without' ELSE 'with' END AS support,
           coalesce(department, 'unknown') AS department,
           admissibility_date - application_date AS application_to_admissibility,
           portfolio_date - admissibility_date AS admissibility_to_portfolio,
           jury_date - admissibility_date AS admissibility_to_jury,
           jury_date - application_date AS application_to_jury
    FROM pathways
    WHERE year(jury_date) = $year
),
top_certifications AS (
    SELECT certification_code FROM pathway
    GROUP BY certification_code ORDER BY count(*) DESC, certification_code LIMIT 20
),
grouped AS (
    SELECT CASE WHEN grouping(certifier) = 0 THEN 'certifier'
                WHEN grouping(level) = 0 THEN 'level'
                WHEN grouping(sex) = 0 THEN 'sex'
                WHEN grouping(age_band) = 0 THEN 'age_band'
                WHEN grouping(employment_status) = 0 THEN 'employment_status'
                WHEN grouping(funding) = 0 THEN 'funding'
                WHEN grouping(support) = 0 THEN 'support'
                WHEN grouping(department) = 0 THEN 'department'
                WHEN grouping(certification_code) = 0 THEN 'certification'
                ELSE 'all' END AS breakdown,
           coalesce(certifier, level, sex, age_band, employment_status, funding, support, department, certification_code, 'all') AS breakdown_value,
           count(application_to_admissibility) AS n_application_to_admissibility,
           quantile_cont(application_to_admissibility, 0.25) AS q1_application_to_admissibility_days,
           quantile_cont(application_to_admissibility, 0.25) / 30.4375 AS q1_application_to_admissibility_months,
           median(application_to_admissibility) AS median_application_to_admissibility_days,
           median(application_to_admissibility) / 30.4375 AS median_application_to_admissibility_months,
           quantile_cont(application_to_admissibility, 0.75) AS q3_application_to_admissibility_days,
           quantile_cont(application_to_admissibility, 0.75) / 30.4375 AS q3_application_to_admissibility_months,
           count(admissibility_to_portfolio) AS n_admissibility_to_portfolio,
           quantile_cont(admissibility_to_portfolio, 0.25) AS q1_admissibility_to_portfolio_days,
           quantile_cont(admissibility_to_portfolio, 0.25) / 30.4375 AS q1_admissibility_to_portfolio_months,
           median(admissibility_to_portfolio) AS median_admissibility_to_portfolio_days,
           median(admissibility_to_portfolio) / 30.4375 AS median_admissibility_to_portfolio_months,
           quantile_cont(admissibility_to_portfolio, 0.75) AS q3_admissibility_to_portfolio_days,
           quantile_cont(admissibility_to_portfolio, 0.75) / 30.4375 AS q3_admissibility_to_portfolio_months,
           count(admissibility_to_jury) AS n_admissibility_to_jury,
           quantile_cont(admissibility_to_jury, 0.25) AS q1_admissibility_to_jury_days,
           quantile_cont(admissibility_to_jury, 0.25) / 30.4375 AS q1_admissibility_to_jury_months,
           median(admissibility_to_jury) AS median_admissibility_to_jury_days,
           median(admissibility_to_jury) / 30.4375 AS median_admissibility_to_jury_months,
           quantile_cont(admissibility_to_jury, 0.75) AS q3_admissibility_to_jury_days,
           quantile_cont(admissibility_to_jury, 0.75) / 30.4375 AS q3_admissibility_to_jury_months,
           count(application_to_jury) AS n_application_to_jury,
           quantile_cont(application_to_jury, 0.25) AS q1_application_to_jury_days,
           quantile_cont(application_to_jury, 0.25) / 30.4375 AS q1_application_to_jury_months,
           median(application_to_jury) AS median_application_to_jury_days,
           median(application_to_jury) / 30.4375 AS median_application_to_jury_months,
           quantile_cont(application_to_jury, 0.75) AS q3_application_to_jury_days,
           quantile_cont(application_to_jury, 0.75) / 30.4375 AS q3_application_to_jury_months
    FROM pathway
    GROUP BY GROUPING SETS ((), (certifier), (level), (sex), (age_band), (employment_status), (funding), (support), (department), (certification_code))
)
-- The top 20 certifications only; every other breakdown whole.
SELECT g.*
FROM grouped g LEFT JOIN top_certifications t ON g.breakdown_value = t.certification_code
WHERE g.breakdown <> 'certification' OR t.certification_code IS NOT NULL
ORDER BY g.breakdown, g.breakdown_value
