import EstimationAPI
import HTTPServer
// Placeholder until the adapter lands (issue 4).
enum ServiceHostModule {}
