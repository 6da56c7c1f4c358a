-- Flows in year $year: applications filed, admissibility decisions and their favourable rate, jury
-- sittings and their outcomes (total, partial, no validation) with their shares among sittings.
-- Each event counts in the year of its own date, so one pathway can count in several flows.
-- Top 20 certifications: the 20 with the most pathways counted here (ties by code).
--
-- indicator applications = applications (count) | en: Applications filed | fr: Demandes de recevabilité déposées
-- indicator admissibility_decisions = decisions (count) | en: Admissibility decisions | fr: Décisions de recevabilité
-- indicator favourable_rate = favourable / decisions (percent) | en: Favourable admissibility decisions | fr: Décisions de recevabilité favorables
-- indicator jury_sittings = juries (count) | en: Jury sittings | fr: Passages en jury
-- indicator total_share = total / juries (percent) | en: Total validation among jury sittings | fr: Validation totale parmi les passages en jury
-- indicator partial_share = partial / juries (percent) | en: Partial validation among jury sittings | fr: Validation partielle parmi les passages en jury
-- indicator none_share = no_validation / juries (percent) | en: No validation among jury sittings | fr: Aucune validation parmi les passages en jury
-- relation juries = total + partial + no_validation
-- relation decisions = favourable + unfavourable
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
           coalesce(year(application_date) = $year, false) AS applied,
           coalesce(year(admissibility_date) = $year, false) AS decided,
           coalesce(year(jury_date) = $year, false) AS sat,
           admissible, outcome
    FROM pathways
    WHERE year(application_date) = $year OR year(admissibility_date) = $year OR year(jury_date) = $year
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
           count(*) FILTER (WHERE applied) AS applications,
           count(*) FILTER (WHERE decided) AS decisions,
           count(*) FILTER (WHERE decided AND admissible) AS favourable,
           count(*) FILTER (WHERE decided AND NOT admissible) AS unfavourable,
           count(*) FILTER (WHERE sat) AS juries,
           count(*) FILTER (WHERE sat AND outcome = 'TOTAL') AS total,
           count(*) FILTER (WHERE sat AND outcome = 'PARTIAL') AS partial,
           count(*) FILTER (WHERE sat AND outcome = 'NONE') AS no_validation
    FROM pathway
    GROUP BY GROUPING SETS ((), (certifier), (level), (sex), (age_band), (employment_status), (funding), (support), (department), (certification_code))
)
-- The top 20 certifications only; every other breakdown whole.
SELECT g.*
FROM grouped g LEFT JOIN top_certifications t ON g.breakdown_value = t.certification_code
WHERE g.breakdown <> 'certification' OR t.certification_code IS NOT NULL
ORDER BY g.breakdown, g.breakdown_value
