package io.cometgate.loadtests.deploy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** What a module's pom says about the runnable jar Maven builds for it. */
final class MavenModule {

    private final Element project;

    private MavenModule(Document pom) {
        this.project = pom.getDocumentElement();
    }

    static MavenModule parse(String pomXml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new MavenModule(factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(pomXml.getBytes(StandardCharsets.UTF_8))));
        }
        catch (Exception ex) {
            throw new IllegalArgumentException("Not a readable pom: " + ex.getMessage(), ex);
        }
    }

    String artifactId() {
        return child(this.project, "artifactId");
    }

    /** The module's version, inherited from its parent when it declares none. */
    String version() {
        String version = child(this.project, "version");
        return (version != null) ? version : child(firstElement(this.project, "parent"), "version");
    }

    /** A property of the pom's {@code <properties>}, {@code null} when absent. */
    String property(String name) {
        return child(firstElement(this.project, "properties"), name);
    }

    /**
     * The jar Spring Boot's {@code repackage} makes runnable: {@code target/<artifactId>-<version>.jar}, or with the
     * classifier the module's repackage is configured with ({@code -exec}), the plain jar then staying a library.
     */
    String runnableJar() {
        String classifier = repackageClassifier();
        return "target/" + artifactId() + "-" + version() + ((classifier != null) ? "-" + classifier : "") + ".jar";
    }

    /**
     * Every jar {@code mvn package} leaves in {@code target/}: the runnable one, and the plain one (as
     * {@code <name>.jar} next to a classified runnable jar, or as {@code <name>.jar.original} once repackaged in place).
     */
    List<String> packagedJars() {
        String plain = "target/" + artifactId() + "-" + version() + ".jar";
        return (repackageClassifier() != null) ? List.of(runnableJar(), plain) : List.of(runnableJar(), plain + ".original");
    }

    private String repackageClassifier() {
        NodeList plugins = this.project.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(child(plugin, "artifactId"))) {
                NodeList classifiers = plugin.getElementsByTagName("classifier");
                if (classifiers.getLength() > 0) {
                    return classifiers.item(0).getTextContent().trim();
                }
            }
        }
        return null;
    }

    private static Element firstElement(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element element = firstElement(parent, name);
        return (element != null) ? element.getTextContent().trim() : null;
    }

}
