package org.geonas.report;

/** {@code report.md}: the document as GitHub-flavoured Markdown; plots are linked from {@code plots/}. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(Document doc) {
        StringBuilder sb = new StringBuilder("# ").append(doc.title()).append("\n\n");
        doc.opening().forEach(b -> sb.append(b.markdown()).append('\n'));
        sb.append("Contents:\n");
        for (int i = 0; i < doc.sections().size(); i++) {
            sb.append(i + 1).append(". ").append(doc.sections().get(i).title()).append('\n');
        }
        for (Section s : doc.sections()) {
            sb.append("\n## ").append(s.title()).append("\n\n");
            s.blocks().forEach(b -> sb.append(b.markdown()).append('\n'));
        }
        return sb.toString();
    }
}
