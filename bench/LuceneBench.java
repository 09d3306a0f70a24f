// LuceneBench: the Lucene 8 yardstick of scripts/bench (docs/indexer.md, "Benchmark").
// Built by scripts/bench with javac against Debian's liblucene8-java jars; no Maven, no network.
//
//   java LuceneBench index DIR FILE.jsonl FACETS.tsv
//       One IndexWriter (default settings), EnglishAnalyzer, fed by one thread. Fields: id (stored
//       keyword), title (stored, analysed: "title:" queries), body (the article text: stored,
//       analysed with offsets in the postings, for the UnifiedHighlighter), and the three facets
//       as multi-valued SortedSetDocValuesFacetFields. FACETS.tsv gives each article's facet
//       values as Dossier extracted them (bench_facets), so both engines count the same values:
//       Lucene gets the extraction for free. Prints {"docs": N, "seconds": S}.
//
//   java LuceneBench search DIR QUERIES.txt [PASSES=2]
//       Per query, timed in-process like Dossier's took_ms: parse (classic QueryParser over title
//       and body, default OR, as Dossier), top 10 by BM25, the exact total, exact facet counts
//       over every match (SortedSetDocValuesFacetCounts, top 10 of each of the three facets), one
//       UnifiedHighlighter passage of the body per hit, id and title of each hit. The query cache
//       is off, so a later pass recomputes everything; the earlier passes only warm up the JIT.
//       Prints one JSON line per query of the last pass: {"line", "total", "hits", "took_ms"}.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

public final class LuceneBench {
    static final String[] FACETS = {"speaker", "organization", "figure_type"};

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("index")) {
            index(Paths.get(args[1]), Paths.get(args[2]), Paths.get(args[3]));
        } else if (args.length >= 3 && args[0].equals("search")) {
            search(Paths.get(args[1]), Paths.get(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 2);
        } else {
            System.err.println("usage: LuceneBench index DIR FILE.jsonl FACETS.tsv | search DIR QUERIES.txt [PASSES]");
            System.exit(2);
        }
    }

    // ---- indexing -------------------------------------------------------------------------

    static void index(Path dir, Path jsonl, Path facetsTsv) throws IOException {
        final long start = System.nanoTime();
        // id \t speakers \t organizations \t figure types, values joined by \u001f (bench_facets).
        Map<String, String[]> facets = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(facetsTsv, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                String[] cols = line.split("\t", -1);
                if (cols.length == 4) {
                    facets.put(cols[0], new String[] {cols[1], cols[2], cols[3]});
                }
            }
        }
        FacetsConfig config = new FacetsConfig();
        for (String f : FACETS) {
            config.setMultiValued(f, true);
        }
        FieldType bodyType = new FieldType(TextField.TYPE_STORED);
        bodyType.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        bodyType.freeze();
        long docs = 0;
        try (Directory d = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(
                 d, new IndexWriterConfig(new EnglishAnalyzer()).setOpenMode(IndexWriterConfig.OpenMode.CREATE));
             BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                Map<String, String> rec = Json.flatObject(line);
                if (rec == null) {
                    continue;
                }
                String id = rec.getOrDefault("id", "");
                String title = rec.getOrDefault("title", "");
                String text = rec.containsKey("text") ? rec.get("text") : rec.getOrDefault("body", "");
                Document doc = new Document();
                doc.add(new StringField("id", id, Field.Store.YES));
                doc.add(new TextField("title", title, Field.Store.YES));
                doc.add(new Field("body", text, bodyType));
                String[] fv = facets.get(id);
                if (fv != null) {
                    for (int i = 0; i < FACETS.length; ++i) {
                        if (fv[i].isEmpty()) {
                            continue;
                        }
                        for (String v : fv[i].split("\u001f")) {
                            if (!v.isEmpty()) {
                                doc.add(new SortedSetDocValuesFacetField(FACETS[i], v));
                            }
                        }
                    }
                }
                writer.addDocument(config.build(doc));
                ++docs;
            }
            writer.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("{\"docs\": " + docs + ", \"seconds\": " + seconds + "}");
    }

    // ---- queries --------------------------------------------------------------------------

    static void search(Path dir, Path queriesFile, int passes) throws Exception {
        List<String> queries = Files.readAllLines(queriesFile, StandardCharsets.UTF_8);
        Analyzer analyzer = new EnglishAnalyzer();
        try (Directory d = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(d)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null);  // no result caching between queries or passes
            long t0 = System.nanoTime();
            // The facet ordinal map of the reader, built once per opened index (the analogue of a
            // facet dictionary): not per query, so not in took_ms; reported on stderr.
            SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader);
            System.err.printf("lucene: facet reader state %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            UnifiedHighlighter highlighter = new UnifiedHighlighter(searcher, analyzer);
            highlighter.setMaxLength(Integer.MAX_VALUE - 1);  // the whole text, as Dossier's snippets
            Set<String> storedFields = new HashSet<>(List.of("id", "title"));
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            for (int pass = 1; pass <= passes; ++pass) {
                boolean last = pass == passes;
                long checksum = 0;
                for (int i = 0; i < queries.size(); ++i) {
                    String q = queries.get(i);
                    long start = System.nanoTime();
                    StringBuilder line = new StringBuilder();
                    try {
                        QueryParser parser = new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer);
                        parser.setDefaultOperator(QueryParser.Operator.OR);
                        Query query = q.isBlank() ? new org.apache.lucene.search.MatchAllDocsQuery() : parser.parse(q);
                        FacetsCollector fc = new FacetsCollector();
                        TopDocs top = FacetsCollector.search(searcher, query, 10, fc);
                        long total = 0;
                        for (FacetsCollector.MatchingDocs m : fc.getMatchingDocs()) {
                            total += m.totalHits;
                        }
                        line.append("{\"line\":").append(i + 1).append(",\"total\":").append(total);
                        line.append(",\"facets\":{");
                        if (total > 0) {
                            Facets counts = new SortedSetDocValuesFacetCounts(state, fc);
                            for (int f = 0; f < FACETS.length; ++f) {
                                FacetResult r = counts.getTopChildren(10, FACETS[f]);
                                line.append(f == 0 ? "" : ",").append('"').append(FACETS[f]).append("\":");
                                line.append(r == null ? 0 : r.labelValues.length);
                                checksum += r == null ? 0 : r.value.longValue();
                            }
                        }
                        line.append("},\"hits\":[");
                        String[] snippets = highlighter.highlight("body", query, top, 1);
                        for (int h = 0; h < top.scoreDocs.length; ++h) {
                            ScoreDoc sd = top.scoreDocs[h];
                            Document doc = searcher.doc(sd.doc, storedFields);
                            line.append(h == 0 ? "" : ",").append(Json.quote(doc.get("id")));
                            checksum += doc.get("title").length() + (snippets[h] == null ? 0 : snippets[h].length());
                        }
                        line.append(']');
                    } catch (Exception e) {
                        line.setLength(0);
                        line.append("{\"line\":").append(i + 1).append(",\"error\":").append(Json.quote(e.toString()));
                    }
                    double ms = (System.nanoTime() - start) / 1e6;
                    line.append(",\"took_ms\":").append(ms).append('}');
                    if (last) {
                        out.println(line);
                    }
                }
                System.err.println("lucene: pass " + pass + " done (checksum " + checksum + ")");
            }
            out.flush();
        }
    }

    // ---- a minimal JSON reader: the string and number members of one flat object ------------

    static final class Json {
        /** The string members (numbers as their text) of a JSON object line; null if it is not one. */
        static Map<String, String> flatObject(String s) {
            Json p = new Json(s);
            try {
                p.ws();
                if (p.peek() != '{') {
                    return null;
                }
                ++p.i;
                Map<String, String> out = new HashMap<>();
                p.ws();
                if (p.peek() == '}') {
                    return out;
                }
                while (true) {
                    p.ws();
                    String key = p.string();
                    p.ws();
                    p.expect(':');
                    p.ws();
                    char c = p.peek();
                    if (c == '"') {
                        out.put(key, p.string());
                    } else {
                        int b = p.i;
                        p.skipValue();
                        if (c == '-' || (c >= '0' && c <= '9')) {
                            out.put(key, s.substring(b, p.i).trim());
                        }
                    }
                    p.ws();
                    char e = s.charAt(p.i++);
                    if (e == '}') {
                        return out;
                    }
                    if (e != ',') {
                        return null;
                    }
                }
            } catch (RuntimeException e) {
                return null;
            }
        }

        static String quote(String v) {
            StringBuilder b = new StringBuilder("\"");
            for (int k = 0; k < v.length(); ++k) {
                char c = v.charAt(k);
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            return b.append('"').toString();
        }

        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        private char peek() {
            return s.charAt(i);
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                ++i;
            }
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c);
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            }
        }

        private void skipValue() {
            char c = peek();
            if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                int depth = 0;
                do {
                    char x = s.charAt(i);
                    if (x == '"') {
                        string();
                        continue;
                    }
                    if (x == '{' || x == '[') {
                        ++depth;
                    } else if (x == '}' || x == ']') {
                        --depth;
                    }
                    ++i;
                } while (depth > 0);
            } else {
                while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
                    ++i;
                }
            }
        }
    }
}
