package io.colorstream.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Draws a topology as SVG from its {@link TopologyDescription}: per sub-topology, its nodes top to bottom in the
 * order records flow (input topics, sources, processors with their state stores beside them, sinks, output
 * topics), joined by arrows. Deterministic, so the committed picture (topologies/colorize.svg) is checked against
 * the built topology like its text.
 */
public final class TopologyPicture {
    private static final int WIDTH = 520;
    private static final int BOX_W = 240;
    private static final int BOX_H = 40;
    private static final int GAP = 30;

    private TopologyPicture() {
    }

    public static String svg(TopologyDescription description) {
        List<String[]> rows = new ArrayList<>(); // {kind, label, store or ""}
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            List<TopologyDescription.Node> order = new ArrayList<>();
            for (TopologyDescription.Node n : sub.nodes()) {
                if (n.predecessors().isEmpty()) {
                    walk(n, order);
                }
            }
            for (TopologyDescription.Node n : order) {
                if (n instanceof TopologyDescription.Source s) {
                    rows.add(new String[] {"topic", String.join(", ", new TreeSet<>(s.topicSet())), ""});
                    rows.add(new String[] {"source", "source: " + s.name(), ""});
                } else if (n instanceof TopologyDescription.Processor p) {
                    Set<String> stores = new TreeSet<>(p.stores());
                    rows.add(new String[] {"processor", "processor: " + p.name(), String.join(", ", stores)});
                } else if (n instanceof TopologyDescription.Sink k) {
                    rows.add(new String[] {"sink", "sink: " + k.name(), ""});
                    rows.add(new String[] {"topic", k.topic(), ""});
                }
            }
        }
        int height = GAP + rows.size() * (BOX_H + GAP);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.append("<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"10\" refX=\"9\" refY=\"5\" "
                + "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        int x = 30;
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            int y = GAP + i * (BOX_H + GAP);
            boolean topic = r[0].equals("topic");
            String fill = topic ? "#eef3fb" : r[0].equals("processor") ? "#fff4e0" : "#f2f2f2";
            svg.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(BOX_H).append("\" rx=\"").append(topic ? 18 : 4)
                    .append("\" fill=\"").append(fill).append("\" stroke=\"#555\"/>\n");
            svg.append("<text x=\"").append(x + BOX_W / 2).append("\" y=\"").append(y + BOX_H / 2 + 5)
                    .append("\" text-anchor=\"middle\">").append(escape(r[1])).append("</text>\n");
            if (!r[2].isEmpty()) {
                int sx = x + BOX_W + 40;
                svg.append("<line x1=\"").append(x + BOX_W).append("\" y1=\"").append(y + BOX_H / 2)
                        .append("\" x2=\"").append(sx).append("\" y2=\"").append(y + BOX_H / 2)
                        .append("\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n");
                svg.append("<rect x=\"").append(sx).append("\" y=\"").append(y).append("\" width=\"170\" height=\"")
                        .append(BOX_H).append("\" fill=\"#e8f5e9\" stroke=\"#555\"/>\n");
                svg.append("<text x=\"").append(sx + 85).append("\" y=\"").append(y + BOX_H / 2 + 5)
                        .append("\" text-anchor=\"middle\" font-size=\"11\">store: ").append(escape(r[2]))
                        .append("</text>\n");
            }
            if (i + 1 < rows.size()) {
                svg.append("<line x1=\"").append(x + BOX_W / 2).append("\" y1=\"").append(y + BOX_H)
                        .append("\" x2=\"").append(x + BOX_W / 2).append("\" y2=\"").append(y + BOX_H + GAP - 2)
                        .append("\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static void walk(TopologyDescription.Node n, List<TopologyDescription.Node> order) {
        if (order.contains(n)) {
            return;
        }
        order.add(n);
        List<TopologyDescription.Node> next = new ArrayList<>(n.successors());
        next.sort((a, b) -> a.name().compareTo(b.name()));
        for (TopologyDescription.Node s : next) {
            walk(s, order);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
