package org.pupilrisk.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart and embedded as PNG {@code data:} URIs so that the
 * file stays self-contained. Series differ by pattern and shade (hatching, dots, dashes, marker
 * shapes), not by colour alone, so the charts survive greyscale printing.
 */
final class Charts {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 860;
    private static final int HEIGHT = 420;
    private static final int SCALE = 2; // drawn at twice the size so that print and zoom stay sharp
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {
    }

    /** One series of a chart: its name and its values by category (in order). */
    record Series(String name, Map<String, Double> values) {
        Series {
            values = new LinkedHashMap<>(values);
        }
    }

    /** The series' shares as percentages by category (a category a series lacks is left out of it). */
    private static DefaultCategoryDataset percentages(List<String> categories, List<Series> series) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Series s : series) {
            for (String c : categories) {
                Double v = s.values().get(c);
                if (v != null) {
                    data.addValue(v * 100.0, s.name(), c);
                }
            }
        }
        return data;
    }

    /** Grouped bars of percentages: categories along the x axis, one bar per series. */
    static String bars(String title, String categoryLabel, String valueLabel, List<String> categories, List<Series> series) {
        DefaultCategoryDataset data = percentages(categories, series);
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, series.size() > 1, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        r.setItemMargin(0.04);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, pattern(i));
            r.setSeriesOutlinePaint(i, Color.BLACK);
            r.setSeriesOutlineStroke(i, new BasicStroke(0.8f));
        }
        return percentChart(chart, plot, categories, series);
    }

    /** Lines of percentages over ordered categories (e.g. years linked), one dash pattern and marker per series. */
    static String lines(String title, String categoryLabel, String valueLabel, List<String> categories, List<Series> series) {
        DefaultCategoryDataset data = percentages(categories, series);
        JFreeChart chart = ChartFactory.createLineChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
        r.setDefaultShapesVisible(true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, grey(i));
            r.setSeriesStroke(i, dash(i));
            r.setSeriesShape(i, marker(i));
        }
        return percentChart(chart, plot, categories, series);
    }

    /** The bar and line charts' shared finish: a percentage axis capped at 100%, the category axis, the house style. */
    private static String percentChart(JFreeChart chart, CategoryPlot plot, List<String> categories, List<Series> series) {
        percentAxis((NumberAxis) plot.getRangeAxis());
        capAtHundred((NumberAxis) plot.getRangeAxis(), series);
        styleCategory(plot.getDomainAxis(), categories);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xBBBBBB));
        return png(chart);
    }

    /** A point per release: x and y are shares in [0, 1], drawn as percentages, each point labelled with its release. */
    static String scatter(String title, String xLabel, String yLabel, Map<String, double[]> points) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[]> p : points.entrySet()) {
            XYSeries s = new XYSeries(p.getKey());
            s.add(p.getValue()[0] * 100.0, p.getValue()[1] * 100.0);
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int i = 0; i < points.size(); i++) {
            r.setSeriesPaint(i, grey(i));
            r.setSeriesShape(i, marker(i));
            r.setSeriesShapesFilled(i, i % 2 == 0);
        }
        r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator("{0}"));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(LABEL);
        percentAxis((NumberAxis) plot.getRangeAxis());
        percentAxis((NumberAxis) plot.getDomainAxis());
        // room for the release labels next to the outermost points
        plot.getDomainAxis().setUpperMargin(0.3);
        plot.getRangeAxis().setUpperMargin(0.2);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xBBBBBB));
        plot.setDomainGridlinePaint(new Color(0xBBBBBB));
        return png(chart);
    }

    private static void percentAxis(NumberAxis axis) {
        axis.setAutoRange(true); // from 0 (shares are never negative), with the margins below
        axis.setAutoRangeIncludesZero(true);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(LABEL);
        axis.setUpperMargin(0.12);
    }

    /** A percentage axis whose margin would pass 100% stops at 100%, the most a share can be. */
    private static void capAtHundred(NumberAxis axis, List<Series> series) {
        double max = series.stream().flatMap(x -> x.values().values().stream()).mapToDouble(v -> v * 100.0).max().orElse(0);
        if (max > 0 && max <= 100 && max * (1 + axis.getUpperMargin()) > 100) {
            axis.setRange(0, 100);
        }
    }

    private static void styleCategory(CategoryAxis axis, List<String> categories) {
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(LABEL);
        axis.setMaximumCategoryLabelLines(3);
        if (categories.size() > 5) {
            axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
    }

    private static void style(JFreeChart chart) {
        chart.setTitle(new TextTitle(chart.getTitle().getText(), TITLE));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(LABEL);
        }
    }

    /** Shade i of a greyscale palette, dark to light. */
    private static Color grey(int i) {
        int[] shades = {0x1A, 0x55, 0x80, 0x33, 0x99, 0x66};
        int g = shades[i % shades.length];
        return new Color(g, g, g);
    }

    /** A fill that differs from its neighbours in pattern as well as shade. */
    static Paint pattern(int i) {
        int size = 8;
        BufferedImage tile = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        int kind = i % 6;
        Color back = switch (kind) {
            case 0 -> new Color(0x33, 0x33, 0x33);
            case 1 -> Color.WHITE;
            case 2 -> new Color(0xBB, 0xBB, 0xBB);
            case 3 -> Color.WHITE;
            case 4 -> new Color(0x77, 0x77, 0x77);
            default -> Color.WHITE;
        };
        g.setColor(back);
        g.fillRect(0, 0, size, size);
        g.setColor(Color.BLACK);
        switch (kind) {
            case 1 -> { // diagonal hatching
                for (int k = -size; k < size; k += 4) {
                    g.drawLine(k, size, k + size, 0);
                }
            }
            case 3 -> { // dots
                g.fillRect(1, 1, 2, 2);
                g.fillRect(5, 5, 2, 2);
            }
            case 5 -> { // cross-hatching
                g.drawLine(0, 0, size, size);
                g.drawLine(0, size, size, 0);
            }
            default -> {
                // solid shades 0, 2, 4
            }
        }
        g.dispose();
        return new TexturePaint(tile, new Rectangle(0, 0, size, size));
    }

    private static BasicStroke dash(int i) {
        float[][] dashes = {null, {8f, 4f}, {2f, 3f}, {10f, 3f, 2f, 3f}, {4f, 4f}, {1f, 2f}};
        float[] d = dashes[i % dashes.length];
        return d == null ? new BasicStroke(2.2f) : new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, d, 0f);
    }

    private static Shape marker(int i) {
        double s = 9;
        return switch (i % 6) {
            case 0 -> new Ellipse2D.Double(-s / 2, -s / 2, s, s);
            case 1 -> new Rectangle2D.Double(-s / 2, -s / 2, s, s);
            case 2 -> triangle(s, false);
            case 3 -> diamond(s);
            case 4 -> triangle(s, true);
            default -> new Rectangle2D.Double(-s / 2, -s / 5, s, 2 * s / 5);
        };
    }

    private static Shape triangle(double s, boolean down) {
        Path2D.Double p = new Path2D.Double();
        double h = down ? -s / 2 : s / 2;
        p.moveTo(0, -h);
        p.lineTo(s / 2, h);
        p.lineTo(-s / 2, h);
        p.closePath();
        return p;
    }

    private static Shape diamond(double s) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -s / 2);
        p.lineTo(s / 2, 0);
        p.lineTo(0, s / 2);
        p.lineTo(-s / 2, 0);
        p.closePath();
        return p;
    }

    private static String png(JFreeChart chart) {
        BufferedImage img = chart.createBufferedImage(WIDTH * SCALE, HEIGHT * SCALE, WIDTH, HEIGHT, null);
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(img));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
