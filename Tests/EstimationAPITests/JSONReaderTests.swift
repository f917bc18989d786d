import Testing
@testable import EstimationAPI
