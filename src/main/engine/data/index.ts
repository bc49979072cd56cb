export { EXPORT_FORMAT, EXPORT_VERSION, exportFileSchema, type ExportFile } from './export-format';
export { exportProfile, exportFileName } from './export-all';
export { ProfileImport, type ImportCounts, type ImportProgress } from './import-all';
export { ImportUploads } from './import-uploads';
export { engineOwnedPaths, removeEngineData, type EngineDataPaths } from './delete-all';
export { isSealedExport, openExport, sealExport, sealedExportFileName, SEALED_EXPORT_FORMAT } from './sealed-export';
export { makeDataFolderPrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-folder';
