package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SvgChartTest {
    private static final Pattern POLYLINE = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"");

    @Test
    void aGapBreaksTheLine_andTheLastValueGetsAMarker() {
        String svg = SvgChart.render("t", List.of(new SvgChart.Series("hits", "hits",
                List.of(10.0, 20.0, Double.NaN, 50.0, 100.0))), 100, "100%", "-4 min");

        Matcher lines = POLYLINE.matcher(svg);
        assertThat(lines.find()).isTrue();
        assertThat(lines.group(1).split(" ")).hasSize(2);
        assertThat(lines.find()).isTrue();
        assertThat(lines.group(1).split(" ")).hasSize(2);
        assertThat(lines.find()).isFalse();
        assertThat(svg).contains("<circle class=\"hits\" cx=\"528.0\" cy=\"12.0\" r=\"3\"/>");
    }

    @Test
    void valuesAreScaledToTheTop_andClamped() {
        String svg = SvgChart.render("t", List.of(new SvgChart.Series("r", "requests", List.of(0.0, 5.0, 20.0))),
                10, "10/min", "-2 min");

        Matcher line = POLYLINE.matcher(svg);
        assertThat(line.find()).isTrue();
        assertThat(line.group(1)).isEqualTo("46.0,128.0 287.0,70.0 528.0,12.0");
    }

    @Test
    void noValues_noLine() {
        String svg = SvgChart.render("<t>", List.of(new SvgChart.Series("r", "requests", List.of(Double.NaN))),
                1, "1", "now");

        assertThat(svg).doesNotContain("<polyline", "<circle").contains("<title>&lt;t&gt;</title>");
    }

    @Test
    void roundUp_givesOneTwoFive() {
        assertThat(SvgChart.roundUp(0)).isEqualTo(1);
        assertThat(SvgChart.roundUp(3)).isEqualTo(5);
        assertThat(SvgChart.roundUp(17)).isEqualTo(20);
        assertThat(SvgChart.roundUp(120)).isEqualTo(200);
    }
}
