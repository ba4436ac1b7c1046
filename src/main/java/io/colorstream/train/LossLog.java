package io.colorstream.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The loss curve: appended to a CSV as training goes (it survives a crash), and drawn as a PNG. */
public final class LossLog {
    public static final String HEADER = "step,loss,cross_entropy,l1,learning_rate,images_per_second,elapsed_seconds";

    private final Path csv;

    public LossLog(Path csv) throws IOException {
        this.csv = csv;
        if (!Files.exists(csv)) {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            Files.writeString(csv, HEADER + "\n");
        }
    }

    public void append(long step, double loss, double ce, double l1, double lr, double ips, double elapsed)
            throws IOException {
        Files.writeString(csv, String.format(Locale.ROOT, "%d,%.5f,%.5f,%.5f,%.6g,%.1f,%.0f%n", step, loss, ce, l1,
                lr, ips, elapsed), StandardOpenOption.APPEND);
    }

    /** The loss of the last logged row, or NaN when nothing was logged yet. */
    public double lastLoss() throws IOException {
        List<String> rows = Files.readAllLines(csv);
        String last = rows.get(rows.size() - 1);
        return last.startsWith("step") ? Double.NaN : Double.parseDouble(last.split(",")[1]);
    }

    /** Plots loss against step (a running mean over 20 points smooths batch noise). */
    public void plot(Path png) throws IOException {
        List<double[]> pts = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (line.isBlank() || line.startsWith("step")) {
                continue;
            }
            String[] f = line.split(",");
            pts.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
        }
        int w = 800;
        int h = 400;
        int m = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.drawRect(m, m / 2, w - m - 20, h - m - m / 2);
        g.drawString("training loss (running mean of 20) vs step", m, 18);
        if (pts.size() >= 2) {
            double[] smooth = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                double s = 0;
                int n = 0;
                for (int j = Math.max(0, i - 19); j <= i; j++) {
                    s += pts.get(j)[1];
                    n++;
                }
                smooth[i] = s / n;
            }
            double x0 = pts.get(0)[0];
            double x1 = pts.get(pts.size() - 1)[0];
            double ymin = Double.MAX_VALUE;
            double ymax = -Double.MAX_VALUE;
            for (double v : smooth) {
                ymin = Math.min(ymin, v);
                ymax = Math.max(ymax, v);
            }
            if (ymax - ymin < 1e-9) {
                ymax = ymin + 1;
            }
            g.drawString(String.format(Locale.ROOT, "%.3f", ymax), 2, m / 2 + 10);
            g.drawString(String.format(Locale.ROOT, "%.3f", ymin), 2, h - m);
            g.drawString(String.format(Locale.ROOT, "step %.0f", x0), m, h - m + 18);
            g.drawString(String.format(Locale.ROOT, "step %.0f", x1), w - 120, h - m + 18);
            g.setColor(new Color(30, 90, 200));
            g.setStroke(new BasicStroke(1.5f));
            int px = -1;
            int py = -1;
            for (int i = 0; i < smooth.length; i++) {
                int x = m + (int) ((pts.get(i)[0] - x0) / Math.max(1, x1 - x0) * (w - m - 20));
                int y = m / 2 + (int) ((ymax - smooth[i]) / (ymax - ymin) * (h - m - m / 2));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
