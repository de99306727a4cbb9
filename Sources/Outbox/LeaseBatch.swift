/// What one `leaseBatch` call did: the leases to send, and how many due
/// deliveries it skipped instead (opted out, capped). A batch with skips may
/// have handed out fewer leases than asked while more are due, so the caller
/// should ask again at once rather than wait.
public struct LeaseBatch: Sendable {
    public var leases: [Lease]
    public var skipped: Int
    /// Why broadcasts were held by this call (their list could not be read), for the log.
    public var heldProblems: [String]
    /// When the request's shared rate (`LeaseRequest.sharedRate`) cut this
    /// batch short: seconds until its buckets hold a token again, so the
    /// caller asks then rather than at its own limiter's pace.
    public var sharedRateWait: Double?

    public init(leases: [Lease], skipped: Int, heldProblems: [String] = [], sharedRateWait: Double? = nil) {
        self.leases = leases
        self.skipped = skipped
        self.heldProblems = heldProblems
        self.sharedRateWait = sharedRateWait
    }
}
