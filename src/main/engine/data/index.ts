export { EXPORT_FORMAT, EXPORT_VERSION, exportFileSchema, type ExportFile } from './export-format';
export { exportProfile, exportFileName } from './export-all';
export { importProfile, parseExportFile, type ImportCounts } from './import-all';
export { engineOwnedPaths, removeEngineData, type EngineDataPaths } from './delete-all';
export { isSealedExport, openExport, sealExport, sealedExportFileName, SEALED_EXPORT_FORMAT } from './sealed-export';
