import Estimation
// Placeholder until the EstimationAPI module lands (issue 4).
enum EstimationAPIModule {}
