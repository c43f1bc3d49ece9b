// FuzzBGPWire: the libFuzzer entry point for the codec.
//
// Fuzzing build (see README, "Fuzzing"):
//   swift build --product FuzzBGPWire -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
//   .build/debug/FuzzBGPWire -max_total_time=600 Tests/Fuzz/corpus
// Plain build: `FuzzBGPWire FILE...` replays inputs (a crash file, or the corpus) without libFuzzer.

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The libFuzzer callback: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// SwiftPM links executables with `main` defined as `<Target>_main`; with `-parse-as-library` there is
/// no top-level code to provide it, so it is defined here and hands over to libFuzzer's driver.
@_cdecl("FuzzBGPWire_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzTestOneInput)
}
#else
import Foundation

/// Without libFuzzer: replays the inputs named on the command line (files or directories).
@main
enum Replayer {
    static func main() {
        var replayed = 0
        for path in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("FuzzBGPWire: no such file: \(path)\n".utf8))
                exit(2)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                fuzzOne(Array(data))
                replayed += 1
            }
        }
        print("FuzzBGPWire: replayed \(replayed) inputs")
    }
}
#endif
