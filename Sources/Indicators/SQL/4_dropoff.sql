-- Drop-off by stage: the applications filed in Y-3 (Y = $year), how many reached each stage by
-- 31 December of Y, and the share lost at each transition: application -> admissible -> portfolio
-- (or a jury) -> jury -> total validation. Stages are nested (a jury counts as reaching the portfolio).
-- Top 20 certifications: the 20 with the most applications in Y-3.
--
-- indicator applications_y3 = applications (count) | en: Applications filed in Y-3 | fr: Demandes déposées en Y-3
-- indicator reached_admissible = admitted (count) | en: Reached a favourable admissibility | fr: Ont obtenu la recevabilité
-- indicator reached_portfolio = portfolio (count) | en: Reached the portfolio | fr: Ont déposé le dossier de validation
-- indicator reached_jury = jury (count) | en: Reached a jury | fr: Sont passés en jury
-- indicator reached_total = total (count) | en: Reached a total validation | fr: Ont obtenu une validation totale
-- indicator lost_at_admissibility = lost_admissibility / applications (percent) | en: Lost between application and admissibility | fr: Perdus entre demande et recevabilité
-- indicator lost_at_portfolio = lost_portfolio / admitted (percent) | en: Lost between admissibility and portfolio | fr: Perdus entre recevabilité et dossier
-- indicator lost_at_jury = lost_jury / portfolio (percent) | en: Lost between portfolio and jury | fr: Perdus entre dossier et jury
-- indicator lost_at_validation = lost_validation / jury (percent) | en: Jury without total validation | fr: Jury sans validation totale
-- relation applications = admitted + lost_admissibility
-- relation admitted = portfolio + lost_portfolio
-- relation portfolio = jury + lost_jury
-- relation jury = total + lost_validation
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
           coalesce(admissible AND year(admissibility_date) <= $year, false) AS admitted,
           coalesce(admissible AND year(admissibility_date) <= $year
                    AND (year(portfolio_date) <= $year OR year(jury_date) <= $year), false) AS at_portfolio,
           coalesce(admissible AND year(admissibility_date) <= $year AND year(jury_date) <= $year, false) AS at_jury,
           coalesce(admissible AND year(admissibility_date) <= $year AND year(jury_date) <= $year
                    AND outcome = 'TOTAL', false) AS at_total
    FROM pathways
    WHERE year(application_date) = $year - 3
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
           count(*) AS applications,
           count(*) FILTER (WHERE admitted) AS admitted,
           count(*) FILTER (WHERE at_portfolio) AS portfolio,
           count(*) FILTER (WHERE at_jury) AS jury,
           count(*) FILTER (WHERE at_total) AS total,
           count(*) FILTER (WHERE NOT admitted) AS lost_admissibility,
           count(*) FILTER (WHERE admitted AND NOT at_portfolio) AS lost_portfolio,
           count(*) FILTER (WHERE at_portfolio AND NOT at_jury) AS lost_jury,
           count(*) FILTER (WHERE at_jury AND NOT at_total) AS lost_validation
    FROM pathway
    GROUP BY GROUPING SETS ((), (certifier), (level), (sex), (age_band), (employment_status), (funding), (support), (department), (certification_code))
)
-- The top 20 certifications only; every other breakdown whole.
SELECT g.*
FROM grouped g LEFT JOIN top_certifications t ON g.breakdown_value = t.certification_code
WHERE g.breakdown <> 'certification' OR t.certification_code IS NOT NULL
ORDER BY g.breakdown, g.breakdown_value
