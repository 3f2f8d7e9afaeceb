// SPDX-License-Identifier: Apache-2.0

/// The inline stylesheets of Quire's notebook page: light, readable, print-friendly.
enum HTMLStyle {
    static let page = """
        :root{--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--code-bg:#f6f8fa;--in:#0550ae;--out:#a8420a;\
        --err:#cf222e;--err-bg:#fff5f5;--warn-bg:#fff8e5;--accent:#0969da}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%}
        body{margin:0;background:#fff;color:var(--fg);font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,\
        "Noto Sans","Helvetica Neue",Arial,sans-serif}
        main.notebook{max-width:1000px;margin:0 auto;padding:28px 24px 72px}
        .nb-header{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:baseline;margin:0 0 20px;padding:0 0 10px;\
        border-bottom:1px solid var(--border);color:var(--muted);font-size:13px}
        .nb-header .nb-name{font-weight:600;color:var(--fg)}
        .nb-header .nb-notice{margin-left:auto}
        .cell{margin:14px 0}
        .row{display:grid;grid-template-columns:6.5em minmax(0,1fr);column-gap:12px;align-items:start}
        .row+.row{margin-top:6px}
        .prompt{padding-top:7px;text-align:right;white-space:nowrap;font:12.5px/1.5 ui-monospace,SFMono-Regular,\
        Menlo,Consolas,"Liberation Mono",monospace;color:var(--muted);-webkit-user-select:none;user-select:none}
        .prompt.in{color:var(--in)}
        .prompt.out{color:var(--out)}
        pre,code,kbd{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;\
        font-size:13.5px}
        .input pre{margin:0;padding:8px 12px;background:var(--code-bg);border:1px solid var(--border);\
        border-radius:6px;overflow-x:auto;line-height:1.45;tab-size:4}
        .body{min-width:0;overflow-x:auto}
        .body>pre{margin:0;padding:6px 12px;white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.45}
        .stderr>pre{background:var(--warn-bg);border-left:3px solid #d4a72c}
        .error>pre{background:var(--err-bg);border-left:3px solid var(--err)}
        .body img{max-width:calc(100% - 24px);height:auto;display:block;margin:4px 12px}
        .body .svg{padding:4px 12px}
        .md{padding:0 12px;overflow-wrap:break-word}
        .md>:first-child{margin-top:0}
        .md>:last-child{margin-bottom:0}
        .md h1,.md h2{padding-bottom:.25em;border-bottom:1px solid var(--border)}
        .md h1{font-size:1.9em;margin:.7em 0 .5em}
        .md h2{font-size:1.5em;margin:.9em 0 .5em}
        .md h3{font-size:1.25em}
        .md h4,.md h5,.md h6{font-size:1em}
        .md a{color:var(--accent)}
        .md code{background:rgba(175,184,193,.25);padding:.1em .35em;border-radius:4px;font-size:85%}
        .md pre{background:var(--code-bg);padding:10px 12px;border-radius:6px;overflow-x:auto}
        .md pre code{background:none;padding:0;font-size:13.5px}
        .md blockquote{margin:0 0 1em;padding:0 1em;color:var(--muted);border-left:4px solid var(--border)}
        .md img{max-width:100%}
        .md hr{border:0;border-top:1px solid var(--border);margin:1.5em 0}
        .md-html{font-family:ui-monospace,monospace;font-size:13px;color:var(--muted);white-space:pre-wrap}
        table{border-collapse:collapse;margin:.5em 0 1em;font-size:14px;font-variant-numeric:tabular-nums}
        th,td{border:1px solid var(--border);padding:4px 10px;text-align:left;vertical-align:top}
        th{background:var(--code-bg);font-weight:600}
        tbody tr:nth-child(even){background:#fafbfc}
        .math,.latex{font-family:"Latin Modern Math","STIX Two Math","Cambria Math",serif;color:#4b2c8a}
        div.math,.latex{white-space:pre-wrap;margin:.6em 0}
        .latex{padding:4px 12px}
        iframe.html{display:block;width:100%;border:1px solid var(--border);border-radius:6px;background:#fff;\
        resize:vertical;overflow:auto}
        .note{margin:2px 12px;padding:4px 10px;font-size:13px;color:var(--muted);background:var(--code-bg);\
        border:1px dashed var(--border);border-radius:6px}
        .raw pre{margin:0;padding:6px 12px;color:var(--muted);border-left:3px solid var(--border)}
        .ansi-black-fg{color:#3e424d}.ansi-red-fg{color:#c4221a}.ansi-green-fg{color:#1a7f37}\
        .ansi-yellow-fg{color:#9a6700}.ansi-blue-fg{color:#0550ae}.ansi-magenta-fg{color:#8250df}\
        .ansi-cyan-fg{color:#1b7c83}.ansi-white-fg{color:#6e7781}
        .ansi-black-intense-fg{color:#282c36}.ansi-red-intense-fg{color:#a40e26}.ansi-green-intense-fg{color:#116329}\
        .ansi-yellow-intense-fg{color:#7d4e00}.ansi-blue-intense-fg{color:#0a3069}.ansi-magenta-intense-fg{color:#6639ba}\
        .ansi-cyan-intense-fg{color:#0e5a60}.ansi-white-intense-fg{color:#57606a}
        .ansi-black-bg{background:#3e424d;color:#fff}.ansi-red-bg{background:#ffd8d3}.ansi-green-bg{background:#d1f7d6}\
        .ansi-yellow-bg{background:#fff1b8}.ansi-blue-bg{background:#ddf4ff}.ansi-magenta-bg{background:#fbefff}\
        .ansi-cyan-bg{background:#d6f5f5}.ansi-white-bg{background:#f6f8fa}
        .ansi-black-intense-bg{background:#282c36;color:#fff}.ansi-red-intense-bg{background:#ffb3ab}\
        .ansi-green-intense-bg{background:#aceebb}.ansi-yellow-intense-bg{background:#ffe07a}\
        .ansi-blue-intense-bg{background:#b6e3ff}.ansi-magenta-intense-bg{background:#ecd8ff}\
        .ansi-cyan-intense-bg{background:#b0ecec}.ansi-white-intense-bg{background:#eaeef2}
        .ansi-bold{font-weight:700}.ansi-italic{font-style:italic}.ansi-underline{text-decoration:underline}
        @media (max-width:640px){.row{grid-template-columns:minmax(0,1fr)}.prompt{text-align:left;padding:0}}
        @media print{body{font-size:11pt}main.notebook{max-width:none;padding:0}.input pre,.md pre{background:none}\
        .cell{break-inside:avoid}iframe.html{resize:none}.nb-header .nb-notice{display:none}}
        """

    /// The stylesheet inside a sandboxed HTML output (tables look like pandas in Jupyter).
    static let frame = """
        body{margin:6px 12px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328}
        table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
        th,td{border:none;padding:4px 10px;text-align:right;vertical-align:top}
        thead th{border-bottom:1px solid #8c959f}tbody tr:nth-child(even){background:#f6f8fa}
        tbody th{font-weight:600}img{max-width:100%}
        """
}
