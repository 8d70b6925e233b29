package io.gameport.sample.directory;

/** The directory contract on the in-process implementation, its clock moved by hand. */
class InProcessRoomDirectoryTest extends RoomDirectoryContract {

    private final ManualClock clock = new ManualClock();

    @Override
    protected RoomDirectory newDirectory(DirectorySettings settings) {
        return new InProcessRoomDirectory(settings, clock);
    }

    @Override
    protected void passTime(long ms) {
        clock.advanceMs(ms);
    }
}
