import HTTPCore

/// The service's one routing table: a path finds its route in one dictionary probe (or one prefix
/// match for a parameter), and the table alone answers what every route shares: 404 for an unknown
/// path, 405 with `Allow` for a method the route does not take, HEAD like GET, and OPTIONS (a
/// route's methods, or with `*` the whole server's).
struct RouteTable: Sendable {
    private let fixed: [String: Route]
    private let parameterised: [Route]
    /// `Allow` for `OPTIONS *`: every method some route takes.
    private let allMethods: String

    init(_ routes: [Route]) {
        var fixed: [String: Route] = [:]
        var parameterised: [Route] = []
        for route in routes {
            if route.prefix == nil { fixed[route.pattern] = route } else { parameterised.append(route) }
        }
        self.fixed = fixed
        self.parameterised = parameterised
        var methods: [Substring] = []
        for route in routes {
            for method in route.allowed.split(separator: ", ") where !methods.contains(method) {
                methods.append(method)
            }
        }
        allMethods = methods.joined(separator: ", ")
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        if request.path == "*" {
            // `OPTIONS *` (the parser admits `*` with OPTIONS only): the server's own methods.
            return HTTPResponse(status: .noContent, headers: ["Allow": allMethods], routePattern: "*")
        }
        guard let (route, parameter) = match(request.path) else {
            return APIProblem.notFound(path: request.path).response(routePattern: "unmatched")
        }
        let method = request.method.answeredAs
        if method == .options {
            return HTTPResponse(status: .noContent, headers: ["Allow": route.allowed], routePattern: route.pattern)
        }
        guard route.methods.contains(method) else {
            return APIProblem.methodNotAllowed(method: request.method, path: request.path, allowed: route.allowed)
                .response(routePattern: route.pattern)
        }
        return route.answer(request, parameter)
    }

    /// The route for a path, with its parameter (empty for a fixed path).
    func match(_ path: String) -> (Route, Substring)? {
        if let route = fixed[path] { return (route, "") }
        for route in parameterised {
            guard let prefix = route.prefix, path.hasPrefix(prefix) else { continue }
            let parameter = path.dropFirst(prefix.count)
            if !parameter.isEmpty, !parameter.contains("/") { return (route, parameter) }
        }
        return nil
    }
}
