package org.pupilrisk.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The user's Spark configuration wins over the tool's defaults (issue 14, cluster storage). */
class SparkSessionsTest {

    @Test
    void everyDefaultFillsAKeyTheUserLeftUnset() {
        SparkConf conf = SparkSessions.configuration(new SparkConf(false), null, Map.of(), false);
        SparkSessions.DEFAULTS.forEach((k, v) -> assertThat(conf.get(k)).as(k).isEqualTo(v));
        assertThat(conf.get("spark.master")).isEqualTo("local[*]");
        assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
    }

    @Test
    void aValueFromSparkSubmitOrSparkDefaultsSurvivesForEachDefaultedKey() {
        SparkConf user = new SparkConf(false).setMaster("spark://cluster:7077").set("spark.driver.host", "10.0.0.5");
        SparkSessions.DEFAULTS.keySet().forEach(k -> user.set(k, "user-" + k));
        SparkConf conf = SparkSessions.configuration(user, null, Map.of(), false);
        SparkSessions.DEFAULTS.keySet().forEach(k -> assertThat(conf.get(k)).as(k).isEqualTo("user-" + k));
        assertThat(conf.get("spark.master")).isEqualTo("spark://cluster:7077");
        assertThat(conf.get("spark.driver.host")).isEqualTo("10.0.0.5");
        assertThat(conf.contains("spark.driver.bindAddress")).isFalse();
    }

    @Test
    void theCommandLinesConfFlagsWinOverDefaultsAndSystemProperties() {
        SparkConf user = new SparkConf(false).set("spark.sql.shuffle.partitions", "7");
        SparkConf conf = SparkSessions.configuration(user, "local[2]",
                Map.of("spark.sql.shuffle.partitions", "11", "spark.ui.enabled", "true"), false);
        assertThat(conf.get("spark.sql.shuffle.partitions")).isEqualTo("11");
        assertThat(conf.get("spark.ui.enabled")).isEqualTo("true");
        assertThat(conf.get("spark.master")).isEqualTo("local[2]");
        assertThat(conf.get("spark.sql.session.timeZone")).isEqualTo(SparkSessions.DEFAULTS.get("spark.sql.session.timeZone"));
    }
}
