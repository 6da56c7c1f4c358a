-- Effect of support: the cohort rates of 3_cohort.sql for the pathways with support (a support start
-- date) and without, side by side (the split column `support`); the two add up to the cohort's counts.
-- Top 20 certifications: as in 3_cohort.sql.
--
-- split support of cohort
-- indicator admitted_y1 = admitted_y1 (count) | en: Admissible in Y-1 | fr: Recevables en Y-1
-- indicator portfolio_12m_y1_rate = portfolio_12m_y1 / admitted_y1 (percent) | en: Admissible in Y-1: portfolio within 12 months | fr: Recevables en Y-1 : dossier de validation dans les 12 mois
-- indicator jury_12m_y1_rate = jury_12m_y1 / admitted_y1 (percent) | en: Admissible in Y-1: jury within 12 months | fr: Recevables en Y-1 : jury dans les 12 mois
-- indicator total_12m_y1_rate = total_12m_y1 / admitted_y1 (percent) | en: Admissible in Y-1: total validation within 12 months | fr: Recevables en Y-1 : validation totale dans les 12 mois
-- indicator admitted_y2 = admitted_y2 (count) | en: Admissible in Y-2 | fr: Recevables en Y-2
-- indicator portfolio_12m_y2_rate = portfolio_12m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: portfolio within 12 months | fr: Recevables en Y-2 : dossier de validation dans les 12 mois
-- indicator jury_12m_y2_rate = jury_12m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 12 months | fr: Recevables en Y-2 : jury dans les 12 mois
-- indicator total_12m_y2_rate = total_12m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: total validation within 12 months | fr: Recevables en Y-2 : validation totale dans les 12 mois
-- indicator portfolio_24m_y2_rate = portfolio_24m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: portfolio within 24 months | fr: Recevables en Y-2 : dossier de validation dans les 24 mois
-- indicator jury_24m_y2_rate = jury_24m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 24 months | fr: Recevables en Y-2 : jury dans les 24 mois
-- indicator total_24m_y2_rate = total_24m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: total validation within 24 months | fr: Recevables en Y-2 : validation totale dans les 24 mois
-- indicator admitted_y3 = admitted_y3 (count) | en: Admissible in Y-3 | fr: Recevables en Y-3
-- indicator portfolio_12m_y3_rate = portfolio_12m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: portfolio within 12 months | fr: Recevables en Y-3 : dossier de validation dans les 12 mois
-- indicator jury_12m_y3_rate = jury_12m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 12 months | fr: Recevables en Y-3 : jury dans les 12 mois
-- indicator total_12m_y3_rate = total_12m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: total validation within 12 months | fr: Recevables en Y-3 : validation totale dans les 12 mois
-- indicator portfolio_24m_y3_rate = portfolio_24m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: portfolio within 24 months | fr: Recevables en Y-3 : dossier de validation dans les 24 mois
-- indicator jury_24m_y3_rate = jury_24m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 24 months | fr: Recevables en Y-3 : jury dans les 24 mois
-- indicator total_24m_y3_rate = total_24m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: total validation within 24 months | fr: Recevables en Y-3 : validation totale dans les 24 mois
-- indicator portfolio_36m_y3_rate = portfolio_36m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: portfolio within 36 months | fr: Recevables en Y-3 : dossier de validation dans les 36 mois
-- indicator jury_36m_y3_rate = jury_36m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 36 months | fr: Recevables en Y-3 : jury dans les 36 mois
-- indicator total_36m_y3_rate = total_36m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: total validation within 36 months | fr: Recevables en Y-3 : validation totale dans les 36 mois
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
           $year - year(admissibility_date) AS cohort,
           coalesce(portfolio_date, jury_date) - admissibility_date AS reached_portfolio,
           jury_date - admissibility_date AS reached_jury,
           CASE WHEN outcome = 'TOTAL' THEN jury_date - admissibility_date END AS reached_total
    FROM pathways
    WHERE admissible AND year(admissibility_date) BETWEEN $year - 3 AND $year - 1
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
                WHEN grouping(department) = 0 THEN 'department'
                WHEN grouping(certification_code) = 0 THEN 'certification'
                ELSE 'all' END AS breakdown,
           coalesce(certifier, level, sex, age_band, employment_status, funding, department, certification_code, 'all') AS breakdown_value,
           support,
           count(*) FILTER (WHERE cohort = 1) AS admitted_y1,
           count(*) FILTER (WHERE cohort = 1 AND reached_portfolio <= 365) AS portfolio_12m_y1,
           count(*) FILTER (WHERE cohort = 1 AND reached_jury <= 365) AS jury_12m_y1,
           count(*) FILTER (WHERE cohort = 1 AND reached_total <= 365) AS total_12m_y1,
           count(*) FILTER (WHERE cohort = 2) AS admitted_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_portfolio <= 365) AS portfolio_12m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 365) AS jury_12m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_total <= 365) AS total_12m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_portfolio <= 730) AS portfolio_24m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 730) AS jury_24m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_total <= 730) AS total_24m_y2,
           count(*) FILTER (WHERE cohort = 3) AS admitted_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_portfolio <= 365) AS portfolio_12m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 365) AS jury_12m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_total <= 365) AS total_12m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_portfolio <= 730) AS portfolio_24m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 730) AS jury_24m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_total <= 730) AS total_24m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_portfolio <= 1095) AS portfolio_36m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 1095) AS jury_36m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_total <= 1095) AS total_36m_y3
    FROM pathway
    GROUP BY GROUPING SETS ((support), (certifier, support), (level, support), (sex, support), (age_band, support), (employment_status, support), (funding, support), (department, support), (certification_code, support))
)
-- The top 20 certifications only; every other breakdown whole.
SELECT g.*
FROM grouped g LEFT JOIN top_certifications t ON g.breakdown_value = t.certification_code
WHERE g.breakdown <> 'certification' OR t.certification_code IS NOT NULL
ORDER BY g.breakdown, g.breakdown_value, g.support
