import Reports
import Testing

@Suite struct TableTextTests {
    @Test func columnsAlignAndTrimTrailingBlanks() {
        let lines = TableText.columns([["Destination", "Status"], ["10.0.0.0/16", "active"], ["-", ""]])
        #expect(lines == ["Destination  Status", "10.0.0.0/16  active", "-"])
    }

    @Test func emptyASPathIsADash() {
        #expect(TableText.path("") == "-")
        #expect(TableText.path("65001 65001") == "65001 65001")
    }
}
