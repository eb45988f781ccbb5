/* Date/time kernels (runtime/fn_date.c, datetime.c) against Spark 3 results in the
 * UTC session time zone: fields, arithmetic, month rules, differences,
 * truncation, patterns, epoch conversions and zone shifts. */
#include "datetime.h"
#include "test_fn_util.h"

static void calendar(void) {
    for (int64_t d = -800000; d < 800000; d += 997) {
        int64_t y;
        int m, dd;
        dt_civil_from_days(d, &y, &m, &dd);
        CHECK(dt_days_from_civil(y, m, dd) == d);
    }
    CHECK(dt_days_from_civil(1970, 1, 1) == 0);
    CHECK(dt_days_from_civil(2000, 3, 1) == 11017);
    CHECK(dt_days_from_civil(1969, 12, 31) == -1);
}

static void fields(void) {
    CHECK_STR(EV("year", "int", "date:2024-02-29"), "2024");
    CHECK_STR(EV("quarter", "int", "date:2024-08-01"), "3");
    CHECK_STR(EV("month", "int", "date:2024-02-29"), "2");
    CHECK_STR(EV("day", "int", "date:2024-02-29"), "29");
    CHECK_STR(EV("dayofweek", "int", "date:2024-01-31"), "4");
    CHECK_STR(EV("dayofweek", "int", "date:2024-01-28"), "1");
    CHECK_STR(EV("weekday", "int", "date:2024-01-31"), "2");
    CHECK_STR(EV("dayofyear", "int", "date:2024-03-01"), "61");
    CHECK_STR(EV("weekofyear", "int", "date:2008-02-20"), "8");
    CHECK_STR(EV("weekofyear", "int", "date:2021-01-01"), "53");
    CHECK_STR(EV("weekofyear", "int", "date:2024-12-30"), "1");
    CHECK_STR(EV("year", "int", "date:1969-12-31"), "1969");
    CHECK_STR(EV("hour", "int", "timestamp:2009-07-30 12:58:59"), "12");
    CHECK_STR(EV("minute", "int", "timestamp:2009-07-30 12:58:59"), "58");
    CHECK_STR(EV("second", "int", "timestamp:2009-07-30 12:58:59"), "59");
    CHECK_STR(EV("hour", "int", "timestamp:1969-12-31 23:30:00"), "23");
    CHECK_STR(EV("second", "int", "timestamp:1969-12-31 23:59:58.5"), "58");
    const char *ts = "timestamp:2019-08-12 01:00:05.123456";
    CHECK_STR(EV("extract", "int", "string:YEAR", ts), "2019");
    CHECK_STR(EV("extract", "int", "string:week", ts), "33");
    CHECK_STR(EV("extract", "int", "string:doy", ts), "224");
    CHECK_STR(EV("extract", "int", "string:DOW", ts), "2");
    CHECK_STR(EV("extract", "int", "string:dow_iso", ts), "1");
    CHECK_STR(EV("extract", "int", "string:H", ts), "1");
    CHECK_STR(EV("extract", "int", "string:minutes", ts), "0");
    CHECK_STR(EV("extract", "int", "string:SECOND", ts), "5");
    CHECK_STR(EV("extract", "decimal(8,6)", "string:SECOND", ts), "5.123456");
    CHECK_STR(EV("extract", "int", "string:QTR", ts), "3");
    CHECK(strncmp(EV("extract", "int", "string:EPOCHS", ts), "ERROR", 5) == 0);
    CHECK(func_extract_type("secs").id == TY_DECIMAL && func_extract_type("YEAR").id == TY_INT);
}

static void arithmetic(void) {
    CHECK_STR(EV("date_add", "date", "date:2016-07-30", "int:1"), "2016-07-31");
    CHECK_STR(EV("date_add", "date", "date:2024-02-28", "int:2"), "2024-03-01");
    CHECK_STR(EV("date_sub", "date", "date:2016-07-30", "int:1"), "2016-07-29");
    CHECK_STR(EV("add_months", "date", "date:2016-08-31", "int:1"), "2016-09-30");
    CHECK_STR(EV("add_months", "date", "date:2019-02-28", "int:1"), "2019-03-28");  // Spark 3
    CHECK_STR(EV("add_months", "date", "date:2024-01-31", "int:1"), "2024-02-29");
    CHECK_STR(EV("add_months", "date", "date:2024-02-29", "int:12"), "2025-02-28");
    CHECK_STR(EV("add_months", "date", "date:2024-03-31", "int:-1"), "2024-02-29");
    CHECK_STR(EV("add_months", "date", "date:2024-01-15", "int:-13"), "2022-12-15");
    CHECK_STR(EV("last_day", "date", "date:2009-01-12"), "2009-01-31");
    CHECK_STR(EV("last_day", "date", "date:2024-02-10"), "2024-02-29");
    CHECK_STR(EV("next_day", "date", "date:2015-01-14", "string:TU"), "2015-01-20");
    CHECK_STR(EV("next_day", "date", "date:2015-01-14", "string:wednesday"), "2015-01-21");
    CHECK_STR(EV("next_day", "date", "date:2015-01-14", "string:xx"), "NULL");
    CHECK_STR(EV("make_date", "date", "int:2013", "int:7", "int:15"), "2013-07-15");
    CHECK_STR(EV("make_date", "date", "int:2019", "int:13", "int:1"), "NULL");
    CHECK_STR(EV("make_date", "date", "int:2023", "int:2", "int:29"), "NULL");
    CHECK_STR(EV("make_timestamp", "timestamp", "int:2014", "int:12", "int:28", "int:6",
                 "int:30", "double:45.887"), "2014-12-28 06:30:45.887");
    CHECK_STR(EV("make_timestamp", "timestamp", "int:2019", "int:6", "int:30", "int:23",
                 "int:59", "double:60"), "2019-07-01 00:00:00");
    CHECK_STR(EV("make_timestamp", "timestamp", "int:2019", "int:6", "int:30", "int:23",
                 "int:59", "double:60.5"), "NULL");
    CHECK_STR(EV("make_timestamp", "timestamp", "int:2019", "int:13", "int:1", "int:0",
                 "int:0", "double:0"), "NULL");
}

static void differences(void) {
    CHECK_STR(EV("datediff", "int", "date:2009-07-31", "date:2009-07-30"), "1");
    CHECK_STR(EV("datediff", "int", "date:2009-07-30", "date:2009-07-31"), "-1");
    CHECK_STR(EV("months_between", "double", "timestamp:1997-02-28 10:30:00",
                 "timestamp:1996-10-30 00:00:00"), "3.94959677");
    CHECK_STR(EV("months_between", "double", "timestamp:1997-02-28 10:30:00",
                 "timestamp:1996-10-30 00:00:00", "boolean:false"), "3.9495967741935485");
    CHECK_STR(EV("months_between", "double", "timestamp:2024-02-29 00:00:00",
                 "timestamp:2024-01-31 10:00:00"), "1.0");
    CHECK_STR(EV("months_between", "double", "timestamp:2024-03-15 00:00:00",
                 "timestamp:2024-01-15 23:00:00"), "2.0");
    CHECK_STR(EV("timestampdiff", "bigint", "string:HOUR", "timestamp:2022-02-11 20:30:00",
                 "timestamp:2022-02-12 04:30:00"), "8");
    CHECK_STR(EV("timestampdiff", "bigint", "string:MONTH", "timestamp:2022-01-01 00:00:00",
                 "timestamp:2022-02-28 00:00:00"), "1");
    CHECK_STR(EV("timestampdiff", "bigint", "string:SECOND", "timestamp:2022-01-01 00:00:00",
                 "timestamp:2021-12-31 23:59:50"), "-10");
    CHECK_STR(EV("timestampdiff", "bigint", "string:YEAR", "timestamp:2022-01-01 00:00:00",
                 "timestamp:2021-01-01 00:00:00"), "-1");
    CHECK_STR(EV("timestampdiff", "bigint", "string:month", "timestamp:2024-01-31 00:00:00",
                 "timestamp:2024-02-29 00:00:00"), "0");
    CHECK_STR(EV("datediff", "bigint", "string:DAY", "timestamp:2024-01-01 12:00:00",
                 "timestamp:2024-01-03 11:00:00"), "1");
    CHECK(strncmp(EV("timestampdiff", "bigint", "string:FORTNIGHT", "timestamp:2022-01-01",
                     "timestamp:2022-01-02"), "ERROR", 5) == 0);
    CHECK_STR(EV("timestampadd", "timestamp", "string:MONTH", "bigint:1",
                 "timestamp:2024-01-31 10:00:00"), "2024-02-29 10:00:00");
    CHECK_STR(EV("timestampadd", "timestamp", "string:HOUR", "bigint:-2",
                 "timestamp:2024-01-01 01:00:00"), "2023-12-31 23:00:00");
}

static void truncation(void) {
    const char *ts = "timestamp:2015-03-05 09:32:05.359";
    CHECK_STR(EV("date_trunc", "timestamp", "string:YEAR", ts), "2015-01-01 00:00:00");
    CHECK_STR(EV("date_trunc", "timestamp", "string:MM", ts), "2015-03-01 00:00:00");
    CHECK_STR(EV("date_trunc", "timestamp", "string:DD", ts), "2015-03-05 00:00:00");
    CHECK_STR(EV("date_trunc", "timestamp", "string:HOUR", ts), "2015-03-05 09:00:00");
    CHECK_STR(EV("date_trunc", "timestamp", "string:millisecond", ts), "2015-03-05 09:32:05.359");
    CHECK_STR(EV("date_trunc", "timestamp", "string:WEEK", ts), "2015-03-02 00:00:00");
    CHECK_STR(EV("date_trunc", "timestamp", "string:QUARTER", ts), "2015-01-01 00:00:00");
    CHECK_STR(EV("date_trunc", "timestamp", "string:bogus", ts), "NULL");
    CHECK_STR(EV("date_trunc", "timestamp", "string:HOUR", "timestamp:1969-12-31 23:30:00"),
              "1969-12-31 23:00:00");
    CHECK_STR(EV("trunc", "date", "date:2019-08-04", "string:week"), "2019-07-29");
    CHECK_STR(EV("trunc", "date", "date:2019-08-04", "string:quarter"), "2019-07-01");
    CHECK_STR(EV("trunc", "date", "date:2009-02-12", "string:MM"), "2009-02-01");
    CHECK_STR(EV("trunc", "date", "date:2015-10-27", "string:YEAR"), "2015-01-01");
    CHECK_STR(EV("trunc", "date", "date:2015-10-27", "string:DD"), "NULL");
}

static void patterns(void) {
    const char *ts = "timestamp:2024-01-31 13:05:09.123";
    CHECK_STR(EV("date_format", "string", ts, "string:yyyy/MM/dd hh:mm:ss a EEE MMM SSS"),
              "2024/01/31 01:05:09 PM Wed Jan 123");
    CHECK_STR(EV("date_format", "string", ts, "string:EEEE MMMM d, yy 'Q'Q D"),
              "Wednesday January 31, 24 Q1 31");
    CHECK_STR(EV("date_format", "string", ts, "string:HH'h''' XXX"), "13h' Z");
    CHECK_STR(EV("date_format", "string", "date:2016-04-08", "string:y"), "2016");
    CHECK(strncmp(EV("date_format", "string", ts, "string:yyyy-bb"), "ERROR", 5) == 0);
    CHECK_STR(EV("from_unixtime", "string", "bigint:0"), "1970-01-01 00:00:00");
    CHECK_STR(EV("from_unixtime", "string", "bigint:1460073600", "string:yyyy-MM-dd"),
              "2016-04-08");
    CHECK_STR(EV("unix_timestamp", "bigint", "string:2016-04-08", "string:yyyy-MM-dd"),
              "1460073600");
    CHECK_STR(EV("unix_timestamp", "bigint", "string:2016-04-08 00:00:01"), "1460073601");
    CHECK_STR(EV("unix_timestamp", "bigint", "string:nope"), "NULL");
    CHECK_STR(EV("to_unix_timestamp", "bigint", "timestamp:1969-12-31 23:59:59.5"), "-1");
    CHECK_STR(EV0("unix_timestamp", "bigint"), "1706700000");
}

static void parsing(void) {
    CHECK_STR(EV("to_date", "date", "string:2016-12-31", "string:yyyy-MM-dd"), "2016-12-31");
    CHECK_STR(EV("to_date", "date", "string:31/12/2016", "string:dd/MM/yyyy"), "2016-12-31");
    CHECK_STR(EV("to_date", "date", "string:2016-13-01", "string:yyyy-MM-dd"), "NULL");
    CHECK_STR(EV("to_date", "date", "string:Jan 5 2024", "string:MMM d yyyy"), "2024-01-05");
    CHECK_STR(EV("to_date", "date", "string:2024-01-05 10:00", "string:yyyy-MM-dd"), "NULL");
    CHECK_STR(EV("to_date", "date", "timestamp:2009-07-30 04:17:52"), "2009-07-30");
    CHECK_STR(EV("to_date", "date", "string:2009-07-30 04:17:52"), "2009-07-30");
    CHECK_STR(EV("to_date", "date", "string:abc"), "NULL");
    CHECK_STR(EV("to_timestamp", "timestamp", "string:2016-12-31 00:12:00"),
              "2016-12-31 00:12:00");
    CHECK_STR(EV("to_timestamp", "timestamp", "string:2016-12-31", "string:yyyy-MM-dd"),
              "2016-12-31 00:00:00");
    CHECK_STR(EV("to_timestamp", "timestamp", "string:12/31/2016 11:30 PM",
                 "string:MM/dd/yyyy hh:mm a"), "2016-12-31 23:30:00");
    CHECK_STR(EV("to_timestamp", "timestamp", "string:20240131", "string:yyyyMMdd"),
              "2024-01-31 00:00:00");
    CHECK_STR(EV("to_timestamp", "timestamp", "string:2024-01-31 10:00:00.12",
                 "string:yyyy-MM-dd HH:mm:ss.SSS"), "2024-01-31 10:00:00.12");
    CHECK_STR(EV("to_timestamp", "timestamp", "string:2024-01-31T10:00:00+02:00",
                 "string:yyyy-MM-dd'T'HH:mm:ssXXX"), "2024-01-31 08:00:00");
    CHECK_STR(EV("to_timestamp", "timestamp", "string:2024-01-31T10:00:00Z"),
              "2024-01-31 10:00:00");
    t_ansi = true;
    CHECK(strncmp(EV("to_date", "date", "string:x", "string:yyyy"), "ERROR", 5) == 0);
    t_ansi = false;
    CHECK(strncmp(EV("to_date", "date", "string:x", "string:yyyy-bb"), "ERROR", 5) == 0);
}

static void epochs_and_zones(void) {
    CHECK_STR(EV("timestamp_seconds", "timestamp", "double:1230219000"), "2008-12-25 15:30:00");
    CHECK_STR(EV("timestamp_seconds", "timestamp", "double:1.5"), "1970-01-01 00:00:01.5");
    CHECK_STR(EV("timestamp_millis", "timestamp", "bigint:1230219000123"),
              "2008-12-25 15:30:00.123");
    CHECK_STR(EV("timestamp_micros", "timestamp", "bigint:1230219000123123"),
              "2008-12-25 15:30:00.123123");
    CHECK_STR(EV("unix_seconds", "bigint", "timestamp:1970-01-01 00:00:01"), "1");
    CHECK_STR(EV("unix_millis", "bigint", "timestamp:1970-01-01 00:00:01"), "1000");
    CHECK_STR(EV("unix_date", "int", "date:1970-01-02"), "1");
    CHECK_STR(EV("date_from_unix_date", "date", "int:1"), "1970-01-02");
    CHECK_STR(EV("from_utc_timestamp", "timestamp", "timestamp:2016-08-31 00:00:00",
                 "string:Asia/Seoul"), "2016-08-31 09:00:00");
    CHECK_STR(EV("to_utc_timestamp", "timestamp", "timestamp:2016-08-31 00:00:00",
                 "string:Asia/Seoul"), "2016-08-30 15:00:00");
    CHECK_STR(EV("from_utc_timestamp", "timestamp", "timestamp:2024-07-01 12:00:00",
                 "string:America/Los_Angeles"), "2024-07-01 05:00:00");
    CHECK_STR(EV("from_utc_timestamp", "timestamp", "timestamp:2024-01-01 12:00:00",
                 "string:America/Los_Angeles"), "2024-01-01 04:00:00");
    CHECK_STR(EV("to_utc_timestamp", "timestamp", "timestamp:2024-07-01 05:00:00",
                 "string:America/Los_Angeles"), "2024-07-01 12:00:00");
    CHECK_STR(EV("from_utc_timestamp", "timestamp", "timestamp:2024-01-01 12:00:00",
                 "string:+02:00"), "2024-01-01 14:00:00");
    CHECK_STR(EV("from_utc_timestamp", "timestamp", "timestamp:2024-01-01 12:00:00",
                 "string:UTC-5"), "2024-01-01 07:00:00");
    CHECK(strncmp(EV("from_utc_timestamp", "timestamp", "timestamp:2024-01-01 12:00:00",
                     "string:Mars/Base"), "ERROR", 5) == 0);
    CHECK(strncmp(EV("from_utc_timestamp", "timestamp", "timestamp:2024-01-01 12:00:00",
                     "string:../../etc/passwd"), "ERROR", 5) == 0);
    CHECK_STR(EV0("current_date", "date"), "2024-01-31");
    CHECK_STR(EV0("current_timestamp", "timestamp"), "2024-01-31 11:20:00.123456");
}

int main(void) {
    RUN(calendar);
    RUN(fields);
    RUN(arithmetic);
    RUN(differences);
    RUN(truncation);
    RUN(patterns);
    RUN(parsing);
    RUN(epochs_and_zones);
    arena_free_all(&t_heap);
    return test_summary();
}
