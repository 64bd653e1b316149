package io.aurorakit.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a Terraform file to check names against core: top-level blocks ({@code output "x"},
 * {@code variable "x"}, {@code locals}), the expression of each local, and the string literals, object keys and
 * {@code local.*} references in an expression. It relies on {@code terraform fmt} layout (top-level blocks close with
 * a {@code }} in column 0, locals are indented by two spaces), which {@link TerraformModuleDriftTest} checks with
 * {@code terraform fmt -check} where Terraform is installed; it is no HCL parser.
 */
final class HclText {

    private static final Pattern BLOCK_START = Pattern.compile("^(output|variable|locals|resource|data|module)\\b"
            + "(?:\\s+\"([^\"]+)\")?(?:\\s+\"([^\"]+)\")?\\s*\\{\\s*$");
    private static final Pattern LOCAL_ENTRY = Pattern.compile("^  ([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)\\s*(.*)$");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern OBJECT_KEY = Pattern.compile("(?m)(?:^|[{,(])\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=(?![=>])");
    private static final Pattern LOCAL_REFERENCE = Pattern.compile("\\blocal\\.([A-Za-z_][A-Za-z0-9_]*)");

    private final Path file;
    private final Map<String, String> blocks;
    private final Map<String, String> locals;

    private HclText(Path file, String text) {
        this.file = file;
        this.blocks = blocks(withoutComments(text));
        this.locals = locals(blocks);
    }

    /** Reads {@code file} (UTF-8). */
    static HclText read(Path file) throws IOException {
        return new HclText(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The file, for messages. */
    Path file() {
        return file;
    }

    /** Names of the {@code output "name"} blocks, in file order. */
    Set<String> outputNames() {
        return names("output");
    }

    /** The body of {@code output "name"} or {@code variable "name"}, comments removed. */
    Optional<String> block(String type, String name) {
        return Optional.ofNullable(blocks.get(type + " " + name));
    }

    /** Every local of every {@code locals} block: name to expression (comments removed, lines joined by newlines). */
    Map<String, String> locals() {
        return locals;
    }

    /** The expression of {@code value = ...} in {@code output "name"}. */
    Optional<String> outputValue(String name) {
        return block("output", name).map(body -> {
            Matcher m = Pattern.compile("(?m)^  value\\s*=\\s*(.*)$").matcher(body);
            return m.find() ? m.group(1).trim() : null;
        });
    }

    /** The contents of the string literals in {@code expression}, escapes left as written. */
    static List<String> stringLiterals(String expression) {
        List<String> literals = new ArrayList<>();
        Matcher m = STRING_LITERAL.matcher(expression);
        while (m.find()) {
            literals.add(m.group(1));
        }
        return literals;
    }

    /** The object keys written in {@code expression} ({@code { key = ... }}), string contents ignored. */
    static Set<String> objectKeys(String expression) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = OBJECT_KEY.matcher(STRING_LITERAL.matcher(expression).replaceAll("\"\""));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /** The {@code local.name} references in {@code expression}, string contents included (interpolations). */
    static Set<String> localReferences(String expression) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = LOCAL_REFERENCE.matcher(expression);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private Set<String> names(String type) {
        Set<String> names = new LinkedHashSet<>();
        for (String key : blocks.keySet()) {
            if (key.startsWith(type + " ")) {
                names.add(key.substring(type.length() + 1));
            }
        }
        return names;
    }

    /** Top-level blocks by {@code type name} ({@code locals#n} for the n-th locals block). */
    private static Map<String, String> blocks(String text) {
        Map<String, String> blocks = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        int localsCount = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher start = BLOCK_START.matcher(lines[i]);
            if (!start.matches()) {
                continue;
            }
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.length && !lines[j].equals("}")) {
                body.append(lines[j]).append('\n');
                j++;
            }
            String type = start.group(1);
            String key = "locals".equals(type) ? "locals#" + localsCount++
                    : type + " " + start.group(2) + (start.group(3) == null ? "" : "." + start.group(3));
            blocks.put(key, body.toString());
            i = j;
        }
        return blocks;
    }

    private static Map<String, String> locals(Map<String, String> blocks) {
        Map<String, String> locals = new LinkedHashMap<>();
        blocks.forEach((key, body) -> {
            if (!key.startsWith("locals#")) {
                return;
            }
            String name = null;
            StringBuilder expression = new StringBuilder();
            for (String line : body.split("\n")) {
                Matcher entry = LOCAL_ENTRY.matcher(line);
                if (entry.matches()) {
                    if (name != null) {
                        locals.put(name, expression.toString().trim());
                    }
                    name = entry.group(1);
                    expression.setLength(0);
                    expression.append(entry.group(2)).append('\n');
                } else if (name != null) {
                    expression.append(line).append('\n');
                }
            }
            if (name != null) {
                locals.put(name, expression.toString().trim());
            }
        });
        return locals;
    }

    /**
     * Removes {@code #}, {@code //} and {@code /* *\/} comments outside strings and heredocs, keeping line breaks;
     * blank lines left behind are kept too.
     */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        String heredocEnd = null;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (heredocEnd != null) {
                int eol = text.indexOf('\n', i);
                String line = eol < 0 ? text.substring(i) : text.substring(i, eol + 1);
                out.append(line);
                if (line.trim().equals(heredocEnd)) {
                    heredocEnd = null;
                }
                i += line.length();
            } else if (c == '"') {
                int end = stringEnd(text, i);
                out.append(text, i, end);
                i = end;
            } else if (c == '#' || text.startsWith("//", i)) {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? text.length() : eol;
            } else if (text.startsWith("/*", i)) {
                int close = text.indexOf("*/", i + 2);
                String comment = text.substring(i, close < 0 ? text.length() : close + 2);
                comment.chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i += comment.length();
            } else if (text.startsWith("<<", i)) {
                Matcher m = Pattern.compile("<<-?([A-Za-z_]+)").matcher(text).region(i, text.length());
                if (m.lookingAt()) {
                    heredocEnd = m.group(1);
                    int eol = text.indexOf('\n', i);
                    int end = eol < 0 ? text.length() : eol + 1;
                    out.append(text, i, end);
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Index just past the string literal starting at {@code start}, skipping escapes and {@code ${...}}. */
    private static int stringEnd(String text, int start) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else if (text.startsWith("${", i)) {
                int depth = 0;
                while (i < text.length()) {
                    char d = text.charAt(i);
                    if (d == '{') {
                        depth++;
                    } else if (d == '}' && --depth == 0) {
                        break;
                    }
                    i++;
                }
                i++;
            } else {
                i++;
            }
        }
        return text.length();
    }
}
