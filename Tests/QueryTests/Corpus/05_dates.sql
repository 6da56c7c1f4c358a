-- Dates: literals, arithmetic, year/month/day, date_trunc, date_diff (checked against reference
-- implementations registered in SQLite).
SELECT DATE '2021-01-01', DATE '2021-03-01' - DATE '2021-02-01', DATE '2020-02-28' + 2, DATE '2021-01-01' - 1;
SELECT year(DATE '2021-07-14'), month(DATE '2021-07-14'), day(DATE '2021-07-14');
SELECT date_trunc('month', DATE '2021-07-14'), date_trunc('year', DATE '2021-07-14'), date_trunc('quarter', DATE '2021-08-14');
SELECT date_diff('day', DATE '2021-01-31', DATE '2021-02-01'), date_diff('month', DATE '2021-01-31', DATE '2021-02-01'), date_diff('year', DATE '2021-12-31', DATE '2022-01-01');
SELECT date_diff('month', DATE '2022-05-01', DATE '2021-01-31'), date_diff('quarter', DATE '2021-01-01', DATE '2021-12-31');
SELECT count(*) FROM p WHERE app_date >= DATE '2020-01-01';
SELECT count(*) FROM p WHERE app_date < DATE '2016-01-01' OR app_date > DATE '2023-06-30';
SELECT count(*) FROM p WHERE app_date BETWEEN DATE '2018-01-01' AND DATE '2018-12-31';
SELECT count(*) FROM p WHERE jury_date > DATE '2022-01-01' AND outcome = 'TOTAL';
SELECT count(*) FROM p WHERE adm_date = app_date;
SELECT count(*) FROM p WHERE jury_date - adm_date <= 365;
SELECT count(*) FROM p WHERE jury_date <= adm_date + 365;
SELECT count(*) FROM p WHERE app_date + 30 > adm_date;
SELECT count(*) FROM p WHERE year(app_date) = 2019;
SELECT count(*) FROM p WHERE month(jury_date) = 12;
SELECT count(*) FROM p WHERE date_diff('month', adm_date, jury_date) >= 12;
SELECT year(jury_date) AS y, count(*) FROM p GROUP BY y ORDER BY y NULLS FIRST;
SELECT date_trunc('year', app_date) AS y, count(*), count(jury_date) FROM p GROUP BY 1 ORDER BY 1;
SELECT date_trunc('quarter', app_date) AS q, count(*) FROM p WHERE app_date < DATE '2017-01-01' GROUP BY 1 ORDER BY 1;
SELECT date_trunc('month', jury_date) AS m, count(*) FROM p WHERE jury_date < DATE '2016-07-01' GROUP BY 1 ORDER BY 1;
SELECT id, app_date, adm_date, jury_date, jury_date - app_date, date_diff('month', app_date, jury_date), date_diff('year', app_date, jury_date) FROM p WHERE id < 40 ORDER BY id;
SELECT id, year(app_date), month(app_date), day(app_date), date_trunc('month', app_date) FROM p WHERE id < 30 ORDER BY id;
SELECT year(app_date), avg(jury_date - app_date), median(jury_date - app_date) FROM p GROUP BY 1 ORDER BY 1;
SELECT certifier, count(*) FILTER (WHERE jury_date - adm_date <= 365) AS within_1y, count(*) FILTER (WHERE jury_date - adm_date <= 730) AS within_2y, count(adm_date) FROM p GROUP BY certifier ORDER BY certifier;
SELECT year(adm_date) AS cohort, date_diff('month', adm_date, jury_date) AS months, count(*) FROM p WHERE adm_date < DATE '2016-01-01' AND jury_date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2;
SELECT min(jury_date - adm_date), max(jury_date - adm_date), min(date_diff('day', app_date, adm_date)) FROM p;
SELECT count(*) FROM p WHERE app_date = DATE '2015-01-01' + 100;
SELECT max(app_date + 7), min(adm_date - 7) FROM p;
SELECT quantile_disc(app_date, 0.5) - DATE '2015-01-01' FROM p;
-- Days between two stored dates compared with a constant (one pass, nulls of either side dropped).
SELECT dept, count(*) FILTER (WHERE jury_date - adm_date <= 365), count(*) FILTER (WHERE 400 < jury_date - adm_date) FROM p WHERE adm_date >= DATE '2019-01-01' GROUP BY dept ORDER BY dept NULLS LAST;
SELECT count(*) FROM p WHERE jury_date - app_date > 500 AND certifier = 'SUP';
SELECT count(*) FILTER (WHERE jury_date - adm_date >= 30), count(*) FILTER (WHERE jury_date - adm_date < 60), count(*) FILTER (WHERE adm_date - app_date = 0), count(*) FILTER (WHERE jury_date - adm_date <> 200) FROM p;
SELECT certifier, count(*) FROM p WHERE 100 >= adm_date - app_date GROUP BY certifier ORDER BY certifier;
