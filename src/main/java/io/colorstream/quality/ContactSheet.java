package io.colorstream.quality;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A PNG-able overview: one row per image, gray | ours | truth side by side, each scaled to a fixed height,
 * with a small label above each. Images are scaled down as they arrive, so memory stays small.
 */
final class ContactSheet {
    private static final int LABEL = 16;
    private static final int GAP = 4;
    private static final String[] EVALUATION_COLUMNS = {"gray", "ours", "truth"};
    private final String[] columns;

    private record Row(String name, Image[] cells, int cellWidth) {
    }

    private final int maxRows;
    private final int cellHeight;
    private final List<Row> rows = new ArrayList<>();

    ContactSheet(int maxRows, int cellHeight) {
        this(maxRows, cellHeight, EVALUATION_COLUMNS);
    }

    /** A sheet whose rows hold one image per named column. */
    ContactSheet(int maxRows, int cellHeight, String... columns) {
        this.columns = columns.clone();
        if (maxRows < 0 || cellHeight <= 0) {
            throw new IllegalArgumentException("contact sheet needs rows >= 0 and a positive height, got "
                    + maxRows + " rows of " + cellHeight + " px");
        }
        this.maxRows = maxRows;
        this.cellHeight = cellHeight;
    }

    boolean wantsMore() {
        return rows.size() < maxRows;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void add(String name, RgbImage gray, RgbImage ours, RgbImage truth) {
        addRow(name, gray, ours, truth);
    }

    /** One row: an image per column, all scaled to the cell height. */
    void addRow(String name, RgbImage... images) {
        if (!wantsMore()) {
            return;
        }
        if (images.length != columns.length) {
            throw new IllegalArgumentException("a row needs " + columns.length + " images, got " + images.length);
        }
        RgbImage last = images[images.length - 1];
        int w = Math.max(1, (int) Math.round((double) last.width() * cellHeight / last.height()));
        Image[] cells = new Image[images.length];
        for (int c = 0; c < images.length; c++) {
            cells[c] = scaled(images[c].toBufferedImage(), w, cellHeight);
        }
        rows.add(new Row(name, cells, w));
    }

    private static BufferedImage scaled(BufferedImage image, int w, int h) {
        // Area averaging: a plain bilinear draw aliases when shrinking several times.
        Image smooth = image.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(smooth, 0, 0, null);
        g.dispose();
        return out;
    }

    BufferedImage render() {
        int width = GAP;
        for (Row row : rows) {
            width = Math.max(width, GAP + columns.length * (row.cellWidth() + GAP));
        }
        int height = GAP + rows.size() * (LABEL + cellHeight + GAP);
        BufferedImage sheet = new BufferedImage(width, Math.max(height, 1), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(new Color(0x20, 0x20, 0x20));
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int y = GAP;
        for (Row row : rows) {
            int x = GAP;
            for (int c = 0; c < columns.length; c++) {
                String label = c == 0 ? columns[c] + " · " + row.name() : columns[c];
                Graphics2D cell = (Graphics2D) g.create(x, y, row.cellWidth(), LABEL + cellHeight);
                cell.setColor(Color.WHITE);
                cell.drawString(label, 2, LABEL - 4);
                cell.drawImage(row.cells()[c], 0, LABEL, null);
                cell.dispose();
                x += row.cellWidth() + GAP;
            }
            y += LABEL + cellHeight + GAP;
        }
        g.dispose();
        return sheet;
    }
}
