package org.avataroffload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
                10, "10", "-2 min");

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

    private static final Pattern TEXT =
            Pattern.compile("<text x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"(start|end)\">([^<]*)</text>");

    /** Every label inside the chart, measured in DejaVu Sans (what Linux browsers fall back to) at the page's 11px. */
    @ParameterizedTest
    @ValueSource(strings = {"1/min", "100%", "20,000/min", "500,000/min", "10,000,000/min"})
    void labels_fitInsideTheChart_howeverWide(String topLabel) {
        String svg = SvgChart.render("t", List.of(new SvgChart.Series("r", "requests", List.of(1.0, 2.0))), 2,
                topLabel, "-59 min");
        FontMetrics metrics = metrics();

        Matcher text = TEXT.matcher(svg);
        int labels = 0;
        while (text.find()) {
            double x = Double.parseDouble(text.group(1));
            int width = metrics.stringWidth(text.group(3).replace("&amp;", "&"));
            double from = text.group(2).equals("end") ? x - width : x;
            assertThat(from).as("the left end of " + text.group(3)).isGreaterThanOrEqualTo(0);
            assertThat(from + width).as("the right end of " + text.group(3)).isLessThanOrEqualTo(SvgChart.WIDTH);
            labels++;
        }
        assertThat(labels).isEqualTo(4);
        assertThat(svg).contains(">" + topLabel + "</text>");
    }

    @Test
    void aWideTopLabel_movesThePlot_notTheLabel() {
        assertThat(SvgChart.left("100%")).isEqualTo(46);
        assertThat(SvgChart.left("20,000/min")).isGreaterThan(46);
        assertThat(SvgChart.left("500,000/min")).isGreaterThan(SvgChart.left("20,000/min"));
    }

    private static FontMetrics metrics() {
        Font font = new Font("DejaVu Sans", Font.PLAIN, 11);
        if (!font.getFamily().equals("DejaVu Sans")) font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }
}
