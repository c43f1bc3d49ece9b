extension Duration {
    /// The whole seconds of the duration, rounded toward zero (the unit of the OPEN Hold Time).
    var wholeSeconds: Int64 { components.seconds }
}
