// transit-bgp-bench: the project's benchmarks. Run with a release build:
//   swift run -c release transit-bgp-bench SUBCOMMAND [options]
// Each figure is printed on its own line as `figure: NAME VALUE UNIT`.

#if canImport(Glibc)
import Glibc
#endif

let usage = """
    usage: transit-bgp-bench SUBCOMMAND [options]
      codec   decode and re-encode a full table of UPDATEs
              [--prefixes N (1000000)] [--attribute-sets N (50000)] [--runs N (5)]
      lpm     longest-prefix match: PrefixTable trie and compiled LPMSnapshot over a full IPv4 table
              [--prefixes N (1000000)] [--lookups N (10000000)] [--runs N (3)] [--snapshot-only]
      propagate  a TR with 16 dual-tunnel connections and 50 VPCs: convergence, tunnel failure, Advertise off
              [--prefixes N (1000000)] [--connections N (16)] [--vpcs N (50)]
      simulate  `transit-bgp simulate` on the largest bundled topology and on a generated one
              [--prefixes N (100000)] [--connections N (16)] [--vpcs N (50)] [--topologies DIR (Topologies)]
      ingest  (root) N prefixes from our sender into our speaker, FRR, BIRD and GoBGP, one at a time in
              network namespaces: seconds to a full table, CPU, peak RSS, withdrawal; ours / theirs
              [--prefixes N (1000000)] [--runs N (3)] [--receivers transitbgp,frr,bird,gobgp]
              [--timeout S (900, per phase)] [--stall S (60)] [--poll-ms MS (100)] [--poll-fraction F (0.02)]
              [--attribute-sets N (N/20)]
              [--speaker PATH (transit-bgp next to this executable)] [--keep (keep configs and logs)]
      flap    (root) N UPDATEs flapping one prefix into our speaker and BIRD (same lab as ingest):
              flood rate, CPU; ours / BIRD's
              [--updates N (100000, even)] [--runs N (3)] [--receivers transitbgp,bird] [--timeout S] [--keep]
              [--speaker PATH (transit-bgp next to this executable)]
      flap-core  the flap flood through the speaker's receive path in process (driver, session, decoding,
              cloud model; no sockets): for profilers
              [--updates N (100000, even)] [--runs N (5)]
      failover  the dual-tunnel lab (root): FRR announces N prefixes over both tunnels; tunnel 1 link
              down (and `tunnel … down`), then silent (dead peer detection): seconds to a consistent state
              [--prefixes N (10000)] [--dpd-timeout S (30)] [--hold-time S (the speaker's 90; 0: no KEEPALIVEs)]
              [--transit-bgp PATH (next to this executable)]
              [--topology FILE (Topologies/dual-tunnel-bgp/topology.json)]
    """

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "codec": try CodecBenchmark.run(arguments: arguments)
    case "lpm": try LPMBenchmark.run(arguments: arguments)
    case "propagate": try PropagateBenchmark.run(arguments: arguments)
    case "simulate": try SimulateBenchmark.run(arguments: arguments)
    case "ingest": try IngestBenchmark.run(arguments: arguments)
    case "failover": try FailoverBenchmark.run(arguments: arguments)
    case "flap": try FlapBenchmark.run(arguments: arguments)
    case "flap-core": try FlapCoreBenchmark.run(arguments: arguments)
    case "--help", "-h", "help": print(usage)
    default:
        print(usage)
        exit(2)
    }
} catch {
    print("transit-bgp-bench: \(error)")
    exit(1)
}
