package dev.seclens.server.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.junit.jupiter.api.Test;

class WorkspaceScanTest {

    @Test
    void theSettingIsReadFromTheSeclensSectionOrTheTopLevel() {
        assertEquals(Optional.of(false), WorkspaceScan.setting(JsonParser.parseString("{\"seclens\":{\"workspaceScan\":false}}")));
        assertEquals(Optional.of(true), WorkspaceScan.setting(JsonParser.parseString("{\"workspaceScan\":true}")));
        assertEquals(Optional.empty(), WorkspaceScan.setting(JsonParser.parseString("{\"seclens\":{\"enable\":true}}")));
        assertEquals(Optional.empty(), WorkspaceScan.setting(JsonParser.parseString("{\"workspaceScan\":\"yes\"}")));
        assertEquals(Optional.empty(), WorkspaceScan.setting(null));
    }

    @Test
    @SuppressWarnings("deprecation")
    void foldersComeFromWorkspaceFoldersElseTheRoot() {
        InitializeParams params = new InitializeParams();
        assertEquals(List.of(), WorkspaceScan.folders(params));
        params.setRootUri("file:///work/one/");
        assertEquals(List.of(Path.of("/work/one")), WorkspaceScan.folders(params));
        params.setWorkspaceFolders(List.of(new WorkspaceFolder("file:///work/two", "two"),
                new WorkspaceFolder("untitled:scratch", "not a folder")));
        assertEquals(List.of(Path.of("/work/two")), WorkspaceScan.folders(params));
    }
}
