// SPDX-License-Identifier: Apache-2.0

import Hummingbird

/// The JupyterLab front-end: its page, static files, themes, lab extensions, settings and
/// workspaces. (Being written: only the interface exists in this commit.)
struct LabFrontEnd: Sendable {
    /// Finds the JupyterLab files of the configured Python environment.
    init(configuration: ServerConfiguration) throws(NotebookServerError) {}

    /// Adds the front-end's routes under the base URL.
    func add(to group: RouterGroup<ServerRequestContext>, server: NotebookServer) {}
}
