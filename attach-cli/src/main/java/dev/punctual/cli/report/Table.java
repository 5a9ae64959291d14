package dev.punctual.cli.report;

import dev.punctual.cli.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text in columns as wide as their widest cell: left-aligned text, right-aligned numbers. When a
 * width limit is given, one column (the names) gives up room, keeping the end of each name, where the
 * distinguishing part of a class or thread name usually is.
 */
public final class Table {
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    /** @param alignment one letter per column: L or R */
    public Table(String alignment) {
        rightAligned = new boolean[alignment.length()];
        for (int i = 0; i < rightAligned.length; i++) {
            rightAligned[i] = alignment.charAt(i) == 'R';
        }
    }

    public Table row(Object... cells) {
        String[] row = new String[rightAligned.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = i < cells.length && cells[i] != null ? Text.oneLine(cells[i].toString()) : "";
        }
        rows.add(row);
        return this;
    }

    public List<String> lines(String indent) {
        return lines(indent, Integer.MAX_VALUE, 0);
    }

    /** The rows, each at most {@code maxWidth} wide, column {@code flexible} shortened first. */
    public List<String> lines(String indent, int maxWidth, int flexible) {
        int[] widths = new int[rightAligned.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        int total = indent.length() + 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        if (total > maxWidth) {
            widths[flexible] = Math.max(4, widths[flexible] - (total - maxWidth));
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                String cell = shorten(row[i], widths[i]);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(rightAligned[i] ? pad + cell : i == row.length - 1 ? cell : cell + pad);
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            lines.add(line.substring(0, Math.min(line.length(), maxWidth)).stripTrailing());
        }
        return lines;
    }

    /** At most {@code width} characters: the end of the text, after "..". */
    public static String shorten(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        return width <= 2 ? s.substring(0, width) : ".." + s.substring(s.length() - (width - 2));
    }
}
