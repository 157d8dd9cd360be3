package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.quote;
import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.zip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Damage to the data a case carries (CSV, JSON text, zips, any text, the body's bytes), drawn from the case's own
 * random stream and recorded in its steps.
 */
final class DataMutations {
    private final Random random;
    private final List<String> steps;

    DataMutations(Random random, List<String> steps) {
        this.random = random;
        this.steps = steps;
    }

    String mutateCsv(String csv) {
        List<String> lines = new ArrayList<>(csv.lines().toList());
        int choice = random.nextInt(16);
        String result;
        switch (choice) {
            case 0 -> result = insert(csv, "\"");
            case 1 -> {
                int line = random.nextInt(Math.max(lines.size(), 1));
                if (!lines.isEmpty()) {
                    lines.set(line, lines.get(line) + ",extra,cells," + random.nextInt(100));
                }
                result = String.join("\n", lines);
            }
            case 2 -> {
                int line = random.nextInt(Math.max(lines.size(), 1));
                if (!lines.isEmpty()) {
                    lines.set(line, lines.get(line).replace(",", ""));
                }
                result = String.join("\n", lines);
            }
            case 3 -> result = csv + "\n" + ",".repeat(150 + random.nextInt(150)) + "\n";
            case 4 -> result = csv + "\n" + "y".repeat(random.nextBoolean() ? 17 * 1024 : 8 * 1024) + ",1\n";
            case 5 -> result = csv.replace("\n", random.nextBoolean() ? "\r" : "\r\n\r\n");
            case 6 -> result = "\uFEFF" + csv;
            case 7 -> result = lines.isEmpty() ? "" : lines.get(0);
            case 8 -> result = random.nextBoolean() ? "" : " \n \n";
            case 9 -> result = insert(csv, "\u0000");
            case 10 -> result = csv + "\n\"multi\nline \"\"cell\"\"\",2,3\n";
            case 11 -> {
                String[] cells = {"1e999999", "-0", "9".repeat(200), "\"$1,2,3\"", "NaN", "-1E-400", "\"1,000,000.5\"",
                        "(1.5)", "１２３", "-$-5", "+$-5", "\"-€+1,000\"", "$-5", "- 5", "5-", "$", "-", "0.", ".5", "\"٣\"",
                        "9".repeat(99) + ".5", "\"1,00\"", "+0000012"};
                StringBuilder rows = new StringBuilder(csv).append('\n');
                for (int line = 0; line < 3; line++) {
                    for (int cell = 0; cell < 4; cell++) {
                        rows.append(cell == 0 ? "" : ",").append(cells[random.nextInt(cells.length)]);
                    }
                    rows.append('\n');
                }
                result = rows.toString();
            }
            case 12 -> result = lines.isEmpty() ? csv : lines.get(0) + "," + lines.get(0) + "\n" + String.join("\n", lines.subList(1, lines.size()));
            case 13 -> result = ",,\n" + csv;
            case 14 -> result = csv + "\n\"unterminated,1,2\n3,4,5\n";
            default -> result = mutateText(csv);
        }
        steps.add("csv #" + choice);
        return result;
    }

    String mutateJsonText(String json) {
        int choice = random.nextInt(12);
        String[] replacements = {"[]", "{}", "null", "[1,2]", "[[]]", "[{\"looker_error\": \"boom\"}]", "{\"data\": {}}",
                "{\"data\": [1]}", "{\"errors\": [{\"message\": \"boom\"}], \"data\": []}", "[] x", "[{}]",
                "[" .repeat(100) + "]".repeat(100), "{\"fields\": {}, \"data\": []}", "\"text\"", "",
                "[{\"a\": 1}, {\"a\": 1}] [", "{\"data\": [{\"a\": 1}], \"data\": []}"};
        String result;
        if (choice < 4) {
            String replacement = replacements[random.nextInt(replacements.length)];
            steps.add("json -> " + quote(replacement.length() > 40 ? replacement.substring(0, 40) + "…" : replacement));
            return replacement;
        }
        result = mutateText(json);
        return result;
    }

    String mutateZip(String base64) {
        int choice = random.nextInt(14);
        String result;
        try {
            switch (choice) {
                case 0 -> result = Base64.getEncoder().encodeToString(randomBytes(64 + random.nextInt(512)));
                case 1 -> result = Base64.getEncoder().encodeToString("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
                case 2 -> result = insert(base64, new String[] {"!@#", "=", "\u00e9", "====", "*", "\u0000"}[random.nextInt(6)]);
                case 3 -> result = base64.substring(0, random.nextInt(base64.length() + 1));
                case 4 -> {
                    byte[] zip = decodeOrRandom(base64);
                    for (int i = 0; i < 1 + random.nextInt(4); i++) {
                        zip[random.nextInt(zip.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                    result = Base64.getMimeEncoder().encodeToString(zip);
                }
                case 5 -> result = Base64.getEncoder().encodeToString(zip(Map.of("readme.txt", "no csv here"), false));
                case 6 -> result = Base64.getEncoder().encodeToString(zip(Map.of(), false));
                case 7 -> {
                    Map<String, String> many = new TreeMap<>();
                    for (int i = 0; i < 9 + random.nextInt(3); i++) {
                        many.put("tile" + i + ".csv", "a\n" + i + "\n");
                    }
                    result = Base64.getEncoder().encodeToString(zip(many, false));
                }
                case 8 -> result = Base64.getEncoder().encodeToString(zip(Map.of("../../etc/passwd.csv", "a,b\n1,2\n",
                        "dir/", "", "Ünïcödé ✓.CSV", "x\n1\n"), random.nextBoolean()));
                case 9 -> result = Base64.getEncoder().encodeToString(zip(Map.of("wide.csv", ",".repeat(300) + "\n1\n"), false));
                case 10 -> result = Base64.getEncoder().encodeToString(zip(Map.of("header.csv", "a,b,c\n"), false));
                case 11 -> result = random.nextBoolean() ? "" : "[]";
                case 12 -> result = Base64.getUrlEncoder().encodeToString(decodeOrRandom(base64));
                default -> result = Base64.getEncoder().encodeToString(zip(Map.of("tile.csv",
                        "a,\"b\n1,2\n3,4,5,6\n\"x\"y\",z\n"), false));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        steps.add("zip #" + choice);
        return result;
    }

    /** The zip an earlier mutation may already have broken: then random bytes. */
    private byte[] decodeOrRandom(String base64) {
        try {
            byte[] zip = Base64.getMimeDecoder().decode(base64);
            return zip.length == 0 ? randomBytes(16) : zip;
        } catch (IllegalArgumentException e) {
            return randomBytes(64);
        }
    }

    /** Character-level damage: flips, truncation, duplicated or deleted spans. */
    private String mutateText(String text) {
        if (text.isEmpty()) {
            steps.add("text: empty stays empty");
            return text;
        }
        int choice = random.nextInt(5);
        int at = random.nextInt(text.length());
        String result = switch (choice) {
            case 0 -> {
                StringBuilder flipped = new StringBuilder(text);
                String alphabet = "\"{}[],:\\\n\r\t0-.eé\u0000\u001f\u2028\uFFFD x";
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    flipped.setCharAt(random.nextInt(flipped.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                }
                yield flipped.toString();
            }
            case 1 -> text.substring(0, at);
            case 2 -> {
                int end = Math.min(text.length(), at + 1 + random.nextInt(200));
                yield text.substring(0, end) + text.substring(at);
            }
            case 3 -> {
                int end = Math.min(text.length(), at + 1 + random.nextInt(200));
                yield text.substring(0, at) + text.substring(end);
            }
            default -> insert(text, CaseGenerator.EVIL[random.nextInt(CaseGenerator.EVIL.length)]);
        };
        steps.add("text #" + choice + " at " + at);
        return result;
    }

    /** Byte-level damage to a body: bit flips, truncation, duplicated spans, invalid UTF-8, odd whole bodies. */
    byte[] mutateBytes(byte[] body) {
        int choice = random.nextInt(9);
        byte[] result;
        switch (choice) {
            case 0 -> {
                result = body.clone();
                for (int i = 0; i < 1 + random.nextInt(8) && result.length > 0; i++) {
                    result[random.nextInt(result.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> result = java.util.Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length));
            case 2 -> {
                int at = body.length == 0 ? 0 : random.nextInt(body.length);
                int length = Math.min(body.length - at, 1 + random.nextInt(400));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(body, 0, at + length);
                out.write(body, at, body.length - at);
                result = out.toByteArray();
            }
            case 3 -> {
                byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80},
                        {(byte) 0xE2, (byte) 0x82}};
                byte[] bad = invalid[random.nextInt(invalid.length)];
                // inside a string value, where a parser must decode it, or anywhere
                int quote = indexOf(body, (byte) '"', body.length == 0 ? 0 : random.nextInt(body.length));
                int at = quote >= 0 && random.nextBoolean() ? quote + 1 : (body.length == 0 ? 0 : random.nextInt(body.length));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(body, 0, at);
                out.write(bad, 0, bad.length);
                out.write(body, at, body.length - at);
                result = out.toByteArray();
            }
            case 4 -> result = new byte[0];
            case 5 -> result = new String[] {"null", "[]", "\"x\"", "1", "true", "{}", " ", "{\"type\": \"query\"}",
                    "{\"type\": \"query\", \"attachment\": "}[random.nextInt(9)].getBytes(StandardCharsets.UTF_8);
            case 6 -> result = ("[".repeat(70) + "]".repeat(70)).getBytes(StandardCharsets.UTF_8);
            case 7 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(0xEF);
                out.write(0xBB);
                out.write(0xBF);
                out.write(body, 0, body.length);
                result = out.toByteArray();
            }
            default -> result = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
        }
        steps.add("bytes #" + choice);
        return result;
    }

    private String insert(String text, String snippet) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        return text.substring(0, at) + snippet + text.substring(at);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
