// Reports every OWL 2 DL profile violation of the union of the ontology documents given on
// the command line, one per line, as "KIND<TAB>description", then "violations: N".
// Run in Java's source-file mode against the OWL API (Debian's libowlapi-java):
//   java -cp "$CLASSPATH" Dl2Profile.java a.ttl b.ttl
// Used by tests/test_owl_profile.py; the OWL API does the checking, this only prints.

import java.io.File;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class Dl2Profile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology union = manager.createOntology(IRI.create("urn:x-tradekg:profile-check"));
        for (String path : args) {
            OWLOntology part = manager.loadOntologyFromOntologyDocument(new File(path));
            manager.addAxioms(union, part.axioms());
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(union);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println(v.getClass().getSimpleName() + "\t" + v.toString().replace('\n', ' '));
        }
        System.out.println("violations: " + report.getViolations().size());
    }
}
