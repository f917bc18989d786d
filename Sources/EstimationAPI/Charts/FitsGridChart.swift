import Charts
import Estimation

/// `/v1/fits`'s chart: models × accelerators, each cell what one GPU needs against what is usable.
public enum FitsGridChart {
    public static func chart(_ table: MemoryFitTable, title: String) -> FitsGrid {
        FitsGrid(
            title: title,
            accelerators: table.accelerators.map(\.displayName),
            rows: table.rows.map { row in
                FitsGrid.Row(
                    model: row.model.displayName,
                    cells: row.fits.map { .memory(requiredBytes: Double($0.requiredBytes), usableBytes: Double($0.usableBytes)) })
            })
    }
}
