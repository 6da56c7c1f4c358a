-- Cohort follow-up: the pathways declared admissible in Y-1, Y-2 and Y-3 (Y = $year) and the share
-- that reached a portfolio (or a jury), a jury, and a total validation within 12, 24 and 36 months
-- (365, 730, 1095 days) of admissibility. Only windows that end by 31 December of Y are computed
-- (Y-1: 12 months; Y-2: 12 and 24; Y-3: all three), so the figures never change as later data
-- arrives. Top 20 certifications: the 20 with the most admissible pathways in the three cohorts.
-- The split by support is the effect-of-support family (5_support.sql).
--
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
-- Every quarter between: the cohort curves of the report (share reaching a jury by months since
-- admissibility; m months = 30.4375 × m days, rounded).
-- indicator jury_3m_y1_rate = jury_3m_y1 / admitted_y1 (percent) | en: Admissible in Y-1: jury within 3 months | fr: Recevables en Y-1 : jury dans les 3 mois
-- indicator jury_6m_y1_rate = jury_6m_y1 / admitted_y1 (percent) | en: Admissible in Y-1: jury within 6 months | fr: Recevables en Y-1 : jury dans les 6 mois
-- indicator jury_9m_y1_rate = jury_9m_y1 / admitted_y1 (percent) | en: Admissible in Y-1: jury within 9 months | fr: Recevables en Y-1 : jury dans les 9 mois
-- indicator jury_3m_y2_rate = jury_3m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 3 months | fr: Recevables en Y-2 : jury dans les 3 mois
-- indicator jury_6m_y2_rate = jury_6m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 6 months | fr: Recevables en Y-2 : jury dans les 6 mois
-- indicator jury_9m_y2_rate = jury_9m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 9 months | fr: Recevables en Y-2 : jury dans les 9 mois
-- indicator jury_15m_y2_rate = jury_15m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 15 months | fr: Recevables en Y-2 : jury dans les 15 mois
-- indicator jury_18m_y2_rate = jury_18m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 18 months | fr: Recevables en Y-2 : jury dans les 18 mois
-- indicator jury_21m_y2_rate = jury_21m_y2 / admitted_y2 (percent) | en: Admissible in Y-2: jury within 21 months | fr: Recevables en Y-2 : jury dans les 21 mois
-- indicator jury_3m_y3_rate = jury_3m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 3 months | fr: Recevables en Y-3 : jury dans les 3 mois
-- indicator jury_6m_y3_rate = jury_6m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 6 months | fr: Recevables en Y-3 : jury dans les 6 mois
-- indicator jury_9m_y3_rate = jury_9m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 9 months | fr: Recevables en Y-3 : jury dans les 9 mois
-- indicator jury_15m_y3_rate = jury_15m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 15 months | fr: Recevables en Y-3 : jury dans les 15 mois
-- indicator jury_18m_y3_rate = jury_18m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 18 months | fr: Recevables en Y-3 : jury dans les 18 mois
-- indicator jury_21m_y3_rate = jury_21m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 21 months | fr: Recevables en Y-3 : jury dans les 21 mois
-- indicator jury_27m_y3_rate = jury_27m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 27 months | fr: Recevables en Y-3 : jury dans les 27 mois
-- indicator jury_30m_y3_rate = jury_30m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 30 months | fr: Recevables en Y-3 : jury dans les 30 mois
-- indicator jury_33m_y3_rate = jury_33m_y3 / admitted_y3 (percent) | en: Admissible in Y-3: jury within 33 months | fr: Recevables en Y-3 : jury dans les 33 mois
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
           count(*) FILTER (WHERE cohort = 3 AND reached_total <= 1095) AS total_36m_y3,
           count(*) FILTER (WHERE cohort = 1 AND reached_jury <= 91) AS jury_3m_y1,
           count(*) FILTER (WHERE cohort = 1 AND reached_jury <= 183) AS jury_6m_y1,
           count(*) FILTER (WHERE cohort = 1 AND reached_jury <= 274) AS jury_9m_y1,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 91) AS jury_3m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 183) AS jury_6m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 274) AS jury_9m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 457) AS jury_15m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 548) AS jury_18m_y2,
           count(*) FILTER (WHERE cohort = 2 AND reached_jury <= 639) AS jury_21m_y2,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 91) AS jury_3m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 183) AS jury_6m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 274) AS jury_9m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 457) AS jury_15m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 548) AS jury_18m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 639) AS jury_21m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 822) AS jury_27m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 913) AS jury_30m_y3,
           count(*) FILTER (WHERE cohort = 3 AND reached_jury <= 1004) AS jury_33m_y3
    FROM pathway
    GROUP BY GROUPING SETS ((), (certifier), (level), (sex), (age_band), (employment_status), (funding), (department), (certification_code))
)
-- The top 20 certifications only; every other breakdown whole.
SELECT g.*
FROM grouped g LEFT JOIN top_certifications t ON g.breakdown_value = t.certification_code
WHERE g.breakdown <> 'certification' OR t.certification_code IS NOT NULL
ORDER BY g.breakdown, g.breakdown_value
