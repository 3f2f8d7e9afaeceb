// swift-tools-version:6.1
// SPDX-License-Identifier: Apache-2.0

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Release links of `quire` (the benchmarks, deployments): lld places the functions a server runs
/// first and together (Sources/quire/link-order.txt, from scripts/link_order.py), and the binary is
/// neither position-independent nor exporting its symbols, so start-up applies no relocations and
/// a server maps a few MB of its code instead of most of it. See docs/benchmarks.md.
let releaseLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld",
            "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/quire/link-order.txt",
            "-Xlinker", "--no-warn-symbol-ordering",
            "-Xlinker", "--script=\(Context.packageDirectory)/Sources/quire/link-private.ld",
            "-Xlinker", "--no-export-dynamic",
            "-Xclang-linker", "-no-pie",
        ],
        .when(platforms: [.linux], configuration: .release)
    )
]

let package = Package(
    name: "Quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .library(name: "NotebookFormat", targets: ["NotebookFormat"]),
        .library(name: "Kernels", targets: ["Kernels"]),
        .library(name: "ZMTP", targets: ["ZMTP"]),
        .library(name: "Execution", targets: ["Execution"]),
        .library(name: "Contents", targets: ["Contents"]),
        .library(name: "NotebookServer", targets: ["NotebookServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        .target(
            name: "NotebookFormat",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CQuireProcess"
        ),
        .target(
            name: "Kernels",
            dependencies: [
                "NotebookFormat",
                "ZMTP",
                "CQuireProcess",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ZMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Execution",
            dependencies: [
                "NotebookFormat",
                "Kernels",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Contents",
            dependencies: ["NotebookFormat"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "NotebookServer",
            dependencies: [
                "NotebookFormat",
                "Contents",
                "Kernels",
                "ZMTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // A JSON-lines driver over FileContentsStore for Tests/Oracle/test_contents_store.py (a test hook).
        .executableTarget(
            name: "ContentsDriver",
            dependencies: ["Contents", "NotebookFormat"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "quire",
            dependencies: [
                "NotebookFormat",
                "Kernels",
                "Execution",
                "NotebookServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["link-order.txt", "link-private.ld"],
            swiftSettings: swiftSettings,
            linkerSettings: releaseLinkerSettings
        ),
        .executableTarget(
            name: "quire-kernel-bench",
            dependencies: [
                "Kernels",
                "NotebookFormat",
                "ZMTP",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/KernelBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotebookFormatTests",
            dependencies: ["NotebookFormat"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContentsTests",
            dependencies: ["Contents", "NotebookFormat"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotebookServerTests",
            dependencies: [
                "NotebookServer",
                "Contents",
                "Kernels",
                "NotebookFormat",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExecutionTests",
            dependencies: ["Execution", "Kernels", "NotebookFormat"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KernelsTests",
            dependencies: [
                "Kernels",
                "NotebookFormat",
                "ZMTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ZMTPTests",
            dependencies: [
                "ZMTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Peers"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
